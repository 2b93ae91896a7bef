import type { Db } from 'mongodb';
import { type ChainedEvent, type ChainVerdict, verifyChain } from './audit.domain.js';

export interface ReviewVerdict {
  teamId: string;
  reviewId: string;
  verdict: ChainVerdict;
}

/**
 * Verifies the hash chain of every review's audit trail (optionally one workspace or one review), a
 * review at a time so memory stays flat whatever the size of the store. Used by scripts/verify-audit.ts.
 */
export async function verifyAuditTrails(
  db: Db,
  filter: { teamId?: string; reviewId?: string } = {},
): Promise<ReviewVerdict[]> {
  const events = db.collection<ChainedEvent>('audit_events');
  const scope = {
    ...(filter.teamId ? { teamId: filter.teamId } : {}),
    ...(filter.reviewId ? { reviewId: filter.reviewId } : {}),
  };
  const reviewIds = (await events.distinct('reviewId', scope)).map(String).sort();
  const results: ReviewVerdict[] = [];
  for (const reviewId of reviewIds) {
    const chain = await events
      .find({ ...scope, reviewId }, { projection: { _id: 0 } })
      .sort({ seq: 1 })
      .toArray();
    results.push({ teamId: chain[0]?.teamId ?? '', reviewId, verdict: verifyChain(chain) });
  }
  return results;
}

/** One line per review for people: intact, or the first broken link. */
export function verdictReport(r: ReviewVerdict): string {
  return r.verdict.ok
    ? `ok      team ${r.teamId} review ${r.reviewId}: ${r.verdict.count} events intact`
    : `BROKEN  team ${r.teamId} review ${r.reviewId}: first broken link is event #${r.verdict.brokenAt} of ${r.verdict.count} (${r.verdict.problem})`;
}
