import type { Review } from './review.types.js';

/**
 * Plan items are stored only by a decision's follow-up, and the decision is counted on the review in
 * the same write that records it. A review with no decision has none, so its card needs no read of them.
 */
export const mayHavePlanItems = (review: Pick<Review, 'decisionCount' | 'decisions'>): boolean =>
  (review.decisionCount ?? 0) > 0 || (review.decisions?.length ?? 0) > 0;
