import { escapeMrkdwn } from '../../slack/blocks.js';
import { pilotNameKey } from '../pilots/pilot.domain.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { AudienceCheck } from '../pilots/pilot-audience.service.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { Review } from '../reviews/review.types.js';
import { clippedQuery, matchPilotName } from './pilot-lookup.domain.js';

export type PilotLookup = { ok: true; pilot: Pilot; review: Review | null } | { ok: false; text: string };

/** What a lookup reads: pilots by name and channel, and a pilot's review. */
export interface PilotLookupDeps {
  repos: {
    pilots: Pick<PilotStore, 'byNameKey' | 'nearNameKey' | 'listForTeam' | 'byId'>;
    reviews: Pick<ReviewStore, 'byPilot' | 'byId'>;
  };
  /** Who may see which pilot (private channels). */
  services: { audience: { session(teamId: string): Pick<AudienceCheck, 'canSee' | 'visible'> } };
}

/** Suggestion candidates read on each side of the typed name; bounded whatever the workspace's size. */
const SUGGESTION_CANDIDATES_PER_SIDE = 20;

/**
 * The pilot a `/gate <sub> [pilot]` command means, always within the caller's workspace: the named
 * pilot, or with no name the one pilot of this channel. Otherwise words that say what to type instead.
 */
export async function lookupPilot(
  deps: PilotLookupDeps,
  q: { teamId: string; channelId: string; arg: string; sub: string; userId: string },
): Promise<PilotLookup> {
  const name = q.arg.trim();
  // A pilot the caller may not see (private channel) is answered like one that does not exist.
  const audience = deps.services.audience.session(q.teamId);
  const visible = async (pilots: Pilot[]) => audience.visible(pilots, q.userId);
  if (!name) {
    const here = await visible(await deps.repos.pilots.listForTeam(q.teamId, { channelId: q.channelId }));
    const inChannel = channelPilot(here, q.sub);
    return inChannel.ok ? withReview(deps, inChannel.pilot) : inChannel;
  }
  // The name as typed, by its unique key: one indexed read. A miss reads only the names next to it.
  const exact = await deps.repos.pilots.byNameKey(q.teamId, pilotNameKey(name));
  if (exact && (await audience.canSee(exact, q.userId))) return withReview(deps, exact);
  const near = await deps.repos.pilots.nearNameKey(
    q.teamId,
    pilotNameKey(clippedQuery(name)),
    SUGGESTION_CANDIDATES_PER_SIDE,
  );
  const match = matchPilotName(name, await visible(near));
  if (match.kind === 'found') return withReview(deps, match.pilot);
  const shown = escapeMrkdwn(match.query.slice(0, 80));
  if (match.suggestions.length === 0) {
    return { ok: false, text: `No pilot named “${shown}” in this workspace. \`/gate list\` shows every pilot.` };
  }
  const names = match.suggestions.map((p) => `*${escapeMrkdwn(p.name)}*`).join(' or ');
  const first = escapeMrkdwn(match.suggestions[0]?.name ?? '');
  return {
    ok: false,
    text: `No pilot named “${shown}” in this workspace. Did you mean ${names}? Try \`/gate ${q.sub} ${first}\`.`,
  };
}

function channelPilot(inChannel: Pilot[], sub: string): { ok: true; pilot: Pilot } | { ok: false; text: string } {
  const [only] = inChannel;
  if (inChannel.length === 1 && only) return { ok: true, pilot: only };
  if (inChannel.length === 0) {
    return {
      ok: false,
      text: `No pilot lives in this channel. Name one: \`/gate ${sub} [pilot name]\`, or see \`/gate list\`.`,
    };
  }
  const names = inChannel
    .slice(0, 10)
    .map((p) => `*${escapeMrkdwn(p.name)}*`)
    .join(', ');
  const more = inChannel.length > 10 ? ` and ${inChannel.length - 10} more` : '';
  return {
    ok: false,
    text: `Several pilots live in this channel: ${names}${more}. Name one: \`/gate ${sub} [pilot name]\`.`,
  };
}

async function withReview(deps: PilotLookupDeps, pilot: Pilot): Promise<PilotLookup> {
  return { ok: true, pilot, review: await deps.repos.reviews.byPilot(pilot.teamId, pilot.id) };
}
