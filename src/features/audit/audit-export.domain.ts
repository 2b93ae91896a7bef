/**
 * A review's audit trail as files: CSV for spreadsheets, JSON for machines, each
 * with the chain verification, so whoever reads the export knows whether the trail is intact.
 */
import { stringify } from 'csv-stringify/sync';
import { type ChainedEvent, type ChainVerdict, canonicalJson, type TrailVerdict } from './audit.domain.js';

export const CSV_COLUMNS = ['seq', 'at', 'actor', 'type', 'subject', 'before', 'after', 'prevHash', 'hash'] as const;

/** Spreadsheets run cells starting with = + - @ as formulas; a leading apostrophe keeps them text. */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const json = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : canonicalJson(v));

export function auditCsv(events: readonly ChainedEvent[]): string {
  const rows = events.map((e) => [
    String(e.seq),
    new Date(e.at).toISOString(),
    spreadsheetSafe(e.actor),
    spreadsheetSafe(e.type),
    spreadsheetSafe(e.subject),
    spreadsheetSafe(json(e.before)),
    spreadsheetSafe(json(e.after)),
    e.prevHash,
    e.hash,
  ]);
  return stringify([[...CSV_COLUMNS], ...rows]);
}

export function auditJson(input: {
  pilot: { id: string; name: string };
  reviewId: string;
  exportedAt: Date;
  events: readonly ChainedEvent[];
  verdict: ChainVerdict | TrailVerdict;
}): string {
  return `${JSON.stringify(
    {
      pilot: input.pilot,
      reviewId: input.reviewId,
      exportedAt: input.exportedAt.toISOString(),
      chain: input.verdict,
      events: input.events.map(({ teamId: _t, ...e }) => ({ ...e, at: new Date(e.at).toISOString() })),
    },
    null,
    2,
  )}\n`;
}

const HMAC_WORDS = {
  verified: 'HMAC verified with the server key.',
  failed: 'HMAC FAILED: not every event is signed with the server key.',
  'not checked': 'HMAC not checked (no server key).',
} as const;

/** One line people can read: intact, or the first broken link; then the head and the HMAC check. */
export function verdictLine(verdict: ChainVerdict | TrailVerdict): string {
  const chain = verdict.ok
    ? `Hash chain verified: all ${verdict.count} events intact.`
    : `Hash chain BROKEN at event #${verdict.brokenAt} of ${verdict.count}: ${verdict.problem}.`;
  if (!('hmac' in verdict)) return chain;
  const head = verdict.ok && verdict.head ? ` Head #${verdict.head.seq} matches the last event.` : '';
  const legacy = verdict.legacy ? ` ${verdict.legacy} legacy events before the HMAC was introduced, chain intact.` : '';
  return `${chain}${head}${legacy} ${HMAC_WORDS[verdict.hmac]}`;
}

/** A file-name-safe slug of a pilot name. */
export function fileSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'pilot'
  );
}
