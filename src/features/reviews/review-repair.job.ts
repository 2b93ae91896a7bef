import type { Deps } from '../../deps.js';
import { installedWorkspaces } from '../../jobs/for-each-item.js';
import type { JobDefinition } from '../../jobs/job-definition.js';
import { finishStalledAudits } from './answer-audit.service.js';
import { REPAIR_GRACE_MS } from './review-repair.domain.js';
import { ReviewRepairRepo } from './review-repair.repo.js';

const repo = new ReviewRepairRepo();

type Installed = (teamId: string) => Promise<boolean>;

/**
 * Catches up after a crash between saving and posting: opens the review of a pilot saved without one,
 * appends the audit event of an answer saved without one, recomputes the statuses (and card) of a review
 * whose latest answer they never took in, and posts the card of a review that has none. One failing item never stops the rest.
 * Workspaces without an installation are left as they are (their database work too) until reinstalled.
 */
export async function repairReviews(
  deps: Deps,
): Promise<{ opened: number; posted: number; audited: number; recomputed: number; failed: number }> {
  const before = new Date(deps.clock.now().getTime() - REPAIR_GRACE_MS);
  const result = { opened: 0, posted: 0, audited: 0, recomputed: 0, failed: 0 };
  const installed = installedWorkspaces('reviews.repair', (t) => deps.isInstalled(t), deps.logger);
  const orphans = await repo.registeredBefore(before);
  const reviewed = await repo.reviewedPilotIds(orphans.map((p) => p.id));
  for (const pilot of orphans) {
    if (!(await installed(pilot.teamId))) continue;
    try {
      if (reviewed.has(pilot.id)) {
        // The review was saved but the stage move was not: finish the move.
        await deps.repos.pilots.setStage(pilot.teamId, pilot.id, ['registered'], 'in_review');
        continue;
      }
      await deps.services.reviews.open(pilot, pilot.createdBy);
      result.opened++;
    } catch (error) {
      result.failed++;
      deps.logger.warn({ err: error, teamId: pilot.teamId, pilotId: pilot.id }, 'repair: could not open review');
    }
  }
  result.audited = await auditStalledAnswers(deps, before, installed);
  result.recomputed = await catchUpStatuses(deps, before, installed);
  for (const review of await repo.withoutCard(before)) {
    if (!(await installed(review.teamId))) continue;
    try {
      await deps.services.reviews.refreshCard(review.teamId, review.id);
      result.posted++;
    } catch (error) {
      result.failed++;
      deps.logger.warn({ err: error, teamId: review.teamId, reviewId: review.id }, 'repair: could not post card');
    }
  }
  return result;
}

/** Appends the audit event of answers saved without one (the save's request died in between). */
async function auditStalledAnswers(deps: Deps, before: Date, installed: Installed): Promise<number> {
  // The audit trail is completed in every workspace: it is the record, and it asks nothing of Slack.
  const finished = await finishStalledAudits(deps.repos, deps.clock.now(), { staleBefore: before });
  for (const answer of finished) {
    // The statuses and the card never saw this answer either: the request stopped before them.
    await deps.services.reviews.recompute(answer.teamId, answer.reviewId, answer.userId);
    if (!(await installed(answer.teamId))) continue;
    await deps.services.reviews
      .refreshCard(answer.teamId, answer.reviewId)
      .catch((err: unknown) => deps.logger.warn({ err, reviewId: answer.reviewId }, 'repair: card not refreshed'));
  }
  return finished.length;
}

/** Statuses and cards of answers whose follow-up work after the ack was lost with the process. */
async function catchUpStatuses(deps: Deps, before: Date, installed: Installed): Promise<number> {
  let recomputed = 0;
  for (const review of await repo.statusesBehind(before)) {
    if (!(await installed(review.teamId))) continue;
    try {
      if (review.behind) {
        await deps.services.reviews.recompute(review.teamId, review.id, 'pilotgate');
        await deps.services.reviews.refreshCard(review.teamId, review.id);
        recomputed++;
      }
      await repo.clearStatusesBehind(review.id, review.answerSeq);
    } catch (err) {
      deps.logger.warn({ err, reviewId: review.id }, 'repair: statuses not caught up');
    }
  }
  return recomputed;
}

export const reviewRepairJob: JobDefinition = {
  name: 'reviews.repair',
  every: (settings) => settings.jobSweepEveryMs,
  parse: () => ({}) as Record<string, never>,
  run: async (deps) => {
    const result = await repairReviews(deps);
    if (result.opened + result.posted + result.audited + result.recomputed + result.failed > 0)
      deps.logger.info({ job: 'reviews.repair', ...result }, 'repaired reviews');
  },
};
