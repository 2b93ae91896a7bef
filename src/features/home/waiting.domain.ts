/**
 * Who owes what on a review, from its stored snapshot. Pure: used by the Home tab's "Waiting on you",
 * `/gate remind` and anything else that asks "who are we waiting for?".
 */
import { ROLE_IDS, type RoleId } from '../../core/catalog.domain.js';
import type { Review } from '../reviews/review.types.js';

type ReviewState = Pick<Review, 'round' | 'answeredRoles' | 'decidedRound' | 'outcome'> & {
  rounds: readonly { n: number; requiredRoles: readonly RoleId[] }[];
};

/** Roles that still owe answers in the current round; none once the round is decided. */
export function rolesAwaited(review: ReviewState): RoleId[] {
  if (review.decidedRound >= review.round) return [];
  const required = review.rounds.find((r) => r.n === review.round)?.requiredRoles ?? [...ROLE_IDS];
  return required.filter((role) => !review.answeredRoles.includes(role));
}

/**
 * True when the sponsor owes a decision: the outcome is known (nothing pending), the operational lead
 * has answered, and this round has no decision yet.
 */
export function decisionAwaited(review: ReviewState): boolean {
  return (
    review.outcome !== 'collecting' &&
    review.decidedRound < review.round &&
    review.answeredRoles.includes('operational_lead')
  );
}

/** The people who owe answers, each with their roles, in role order. */
export function peopleAwaited(
  stakeholders: Partial<Record<RoleId, string>>,
  review: ReviewState,
): { userId: string; roles: RoleId[] }[] {
  const byUser = new Map<string, RoleId[]>();
  for (const role of rolesAwaited(review)) {
    const user = stakeholders[role];
    if (user) byUser.set(user, [...(byUser.get(user) ?? []), role]);
  }
  return [...byUser].map(([userId, roles]) => ({ userId, roles }));
}
