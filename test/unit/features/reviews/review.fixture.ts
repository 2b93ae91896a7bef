import { ROLE_IDS, SIGNAL_IDS } from '../../../../src/core/catalog.domain.js';
import type { Review } from '../../../../src/features/reviews/review.types.js';

/** A round-1 review nobody has answered yet. */
export function reviewFixture(over: Partial<Review> = {}): Review {
  const at = new Date('2026-11-02T09:00:00Z');
  return {
    id: 'a'.repeat(24),
    teamId: 'T1',
    pilotId: 'b'.repeat(24),
    manifestVersion: 'v1',
    round: 1,
    rounds: [{ n: 1, startedAt: at, requiredRoles: [...ROLE_IDS], reason: 'Review opened' }],
    statuses: SIGNAL_IDS.map((signal) => ({ signal, status: 'pending', reasons: [], awaiting: [] })),
    outcome: 'collecting',
    answeredRoles: [],
    answerSeq: 0,
    snapshotSeq: 0,
    decisions: [],
    decidedRound: 0,
    decisionCount: 0,
    openedAt: at,
    lastActivityAt: at,
    ...over,
  };
}

/** All five answered, every signal confirmed. */
export const allInFixture = (over: Partial<Review> = {}): Review =>
  reviewFixture({
    answeredRoles: [...ROLE_IDS],
    outcome: 'proceed',
    statuses: SIGNAL_IDS.map((signal) => ({ signal, status: 'confirmed', reasons: ['Confirmed'], awaiting: [] })),
    ...over,
  });
