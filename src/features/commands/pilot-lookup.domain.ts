/**
 * Finding the pilot a command names: case-insensitive by the pilot's name key, with "did you mean"
 * suggestions for near misses (typos, a word left out). Pure: the caller passes the candidate pilots.
 */
import { NAME_MAX, pilotNameKey } from '../pilots/pilot.domain.js';

export interface NamedPilot {
  name: string;
  nameKey: string;
}

export type PilotMatch<P extends NamedPilot> =
  | { kind: 'found'; pilot: P }
  | { kind: 'not_found'; query: string; suggestions: P[] };

/**
 * How much of a typed name fuzzy matching looks at: no name is longer. Slash-command text can run to
 * thousands of characters, and the edit distance costs query length × name length per candidate.
 */
export const QUERY_MAX = NAME_MAX;

/** Levenshtein distance, two rows; callers clip both strings to QUERY_MAX characters. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** How far off a name may be to be suggested: about one typo per four characters, at least two. */
const tolerance = (query: string) => Math.max(2, Math.floor(query.length / 4));

/** The part of a typed name that fuzzy matching and suggestion lookups use: its first QUERY_MAX characters. */
export function clippedQuery(query: string): string {
  return query.trim().slice(0, QUERY_MAX).trim();
}

/**
 * The pilot named `query` (any case, any inner spacing), or up to three suggestions: names within a few
 * typos, or names that contain the query (at least three characters), closest first. A query longer
 * than any name is matched on its first QUERY_MAX characters, and only ever suggests.
 */
export function matchPilotName<P extends NamedPilot>(query: string, pilots: readonly P[]): PilotMatch<P> {
  const exact = pilots.find((p) => p.nameKey === pilotNameKey(query));
  if (exact) return { kind: 'found', pilot: exact };
  const clipped = clippedQuery(query);
  const key = pilotNameKey(clipped);
  const scored = pilots
    .map((pilot) => ({ pilot, distance: editDistance(key, pilot.nameKey.slice(0, QUERY_MAX)) }))
    .filter(({ pilot, distance }) => distance <= tolerance(key) || (key.length >= 3 && pilot.nameKey.includes(key)))
    .sort((a, b) => a.distance - b.distance || a.pilot.name.localeCompare(b.pilot.name));
  return { kind: 'not_found', query: clipped, suggestions: scored.slice(0, 3).map((s) => s.pilot) };
}
