import type { Db } from 'mongodb';
import { type ChainedEvent, type TrailVerdict, verifyTrail, workspaceChainId } from './audit.domain.js';
import { AuditHeadStore } from './audit-head.store.js';

export interface ReviewVerdict {
  teamId: string;
  /** The chain: a review id, or `workspace:<team>` for a workspace's settings and admin changes. */
  reviewId: string;
  verdict: TrailVerdict;
}

/**
 * Every chain to check: those with events, and those whose head survives although their events do
 * not (a trail deleted whole).
 */
async function chainsToCheck(
  db: Db,
  scope: { teamId?: string; reviewId?: string },
): Promise<Array<{ teamId: string; reviewId: string }>> {
  const found = new Map<string, string>();
  for (const e of await db
    .collection('audit_events')
    .aggregate<{ _id: { reviewId: string; teamId: string } }>([
      { $match: scope },
      { $group: { _id: { reviewId: '$reviewId', teamId: '$teamId' } } },
    ])
    .toArray()) {
    found.set(String(e._id.reviewId), String(e._id.teamId));
  }
  const team = scope.teamId ? { teamId: scope.teamId } : {};
  const headed = { ...team, auditHead: { $exists: true } };
  for (const r of await db
    .collection('reviews')
    .find(headed, { projection: { teamId: 1 } })
    .toArray()) {
    found.set(String(r._id), String(r.teamId));
  }
  for (const w of await db
    .collection('workspace_settings')
    .find(headed, { projection: { teamId: 1 } })
    .toArray()) {
    found.set(workspaceChainId(String(w.teamId)), String(w.teamId));
  }
  return [...found]
    .filter(([reviewId]) => !scope.reviewId || reviewId === scope.reviewId)
    .map(([reviewId, teamId]) => ({ reviewId, teamId }))
    .sort((a, b) => (a.reviewId < b.reviewId ? -1 : a.reviewId > b.reviewId ? 1 : 0));
}

/**
 * Verifies every audit trail (optionally one workspace's or one chain): hash chain, head, and with the
 * server's key every HMAC; a chain at a time so memory stays flat. Used by scripts/verify-audit.ts.
 */
export async function verifyAuditTrails(
  db: Db,
  filter: { teamId?: string; reviewId?: string } = {},
  options: { hmacKey?: string } = {},
): Promise<ReviewVerdict[]> {
  const events = db.collection<ChainedEvent>('audit_events');
  const heads = new AuditHeadStore(() => db);
  const scope = {
    ...(filter.teamId ? { teamId: filter.teamId } : {}),
    ...(filter.reviewId ? { reviewId: filter.reviewId } : {}),
  };
  const results: ReviewVerdict[] = [];
  for (const { teamId, reviewId } of await chainsToCheck(db, scope)) {
    const chain = await events
      .find({ teamId, reviewId }, { projection: { _id: 0 } })
      .sort({ seq: 1 })
      .toArray();
    const head = await heads.get(reviewId, teamId);
    results.push({ teamId, reviewId, verdict: verifyTrail(reviewId, chain, head, options.hmacKey) });
  }
  return results;
}

const hmacNote = (v: TrailVerdict) =>
  v.hmac === 'verified' ? 'HMAC verified' : v.hmac === 'failed' ? 'HMAC FAILED' : 'HMAC not checked (no key)';

const legacyNote = (v: TrailVerdict) =>
  v.legacy ? `${v.legacy} legacy events before the HMAC was introduced, chain intact; ` : '';

/** One line per chain for people: intact, or the first broken link; and what the HMAC check found. */
export function verdictReport(r: ReviewVerdict): string {
  return r.verdict.ok
    ? `ok      team ${r.teamId} review ${r.reviewId}: ${r.verdict.count} events intact, head #${r.verdict.head?.seq ?? 0}; ${legacyNote(r.verdict)}${hmacNote(r.verdict)}`
    : `BROKEN  team ${r.teamId} review ${r.reviewId}: first broken link is event #${r.verdict.brokenAt} of ${r.verdict.count} (${r.verdict.problem}); ${hmacNote(r.verdict)}`;
}
