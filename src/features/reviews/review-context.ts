import type { Answers } from '../../core/answers.domain.js';
import type { RoleId } from '../../core/catalog.domain.js';
import type { ManifestSet } from '../../core/manifest.domain.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { Review, StoredAnswer } from './review.types.js';

/**
 * Everything one request or job item needs about a review, loaded once (one read of the review, one of
 * its pilot, one of its answers) and passed down through recompute → card → disagreement threads →
 * Home refresh, instead of each step reading the same documents again.
 */
export interface ReviewContext {
  pilot: Pilot;
  review: Review;
  /** The manifest version the review began with. */
  manifest: ManifestSet;
  /** Every stored answer of the review, all rounds, oldest round first. */
  history: StoredAnswer[];
  /** The answers that count in the review's current round, by role. */
  answers: Partial<Record<RoleId, Answers>>;
}

/** What loads a ReviewContext (ReviewService.loadContext); null when the review or its pilot is gone. */
export interface ReviewContextLoader {
  loadContext(teamId: string, reviewId: string): Promise<ReviewContext | null>;
}
