import { ROLE_IDS } from '../../core/catalog.domain.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { ReviewStore } from './review.port.js';
import type { Review } from './review.types.js';

/**
 * Brings the review's copy of the roles (AnswerFacts, which a save's lock check authorises from) up to the
 * pilot's when they differ: a role change that stopped between its pilot write and this copy is repaired
 * by the next questionnaire opening, the next role change or the repair job, whichever comes first. The
 * write is versioned (ReviewStore.syncStakeholders), so a late repair never undoes a newer change.
 */
export async function syncStakeholderCopy(
  reviews: Pick<ReviewStore, 'syncStakeholders'>,
  pilot: Pick<Pilot, 'teamId' | 'stakeholders' | 'rolesVersion'>,
  review: Review,
): Promise<void> {
  const copy = review.answerFacts?.stakeholders;
  if (!copy || ROLE_IDS.every((r) => copy[r] === pilot.stakeholders[r])) return;
  await reviews.syncStakeholders(pilot.teamId, review.id, pilot.stakeholders, pilot.rolesVersion ?? 0);
}
