import type { Deps } from '../../app/deps.js';
import { installedWorkspaces } from '../../jobs/for-each-item.js';
import type { JobDefinition } from '../../jobs/job-definition.js';
import { finishStalledAudits } from './answer-audit.service.js';
import { REPAIR_GRACE_MS } from './review-repair.domain.js';

type Installed = (teamId: string) => Promise<boolean>;

/**
 * Catches up after a crash between saving and posting: opens the review of a pilot saved without one,
 * finishes the later steps of an opening, decision or re-review round that stalled (their markers),
 * opens the re-review round of a plan whose last item's request died after marking it done,
 * appends the audit event of an answer saved without one, recomputes the statuses (and card) of a review
 * whose latest answer they never took in, and posts the card of a review that has none (a card that
 * keeps failing is retried less and less often). One failing item never stops the rest.
 * Workspaces without an installation are left as they are (their database work too) until reinstalled.
 */
export async function repairReviews(deps: Deps): Promise<RepairResult> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - REPAIR_GRACE_MS);
  const result = { opened: 0, posted: 0, audited: 0, recomputed: 0, finished: 0, failed: 0 };
  const installed = installedWorkspaces('reviews.repair', (t) => deps.isInstalled(t), deps.logger);
  const orphans = await deps.repos.pilots.registeredBefore(before);
  const reviewed = await deps.repos.reviews.reviewedPilotIds(orphans.map((p) => p.id));
  for (const pilot of orphans) {
    if (!(await installed(pilot.teamId))) continue;
    try {
      if (reviewed.has(pilot.id)) {
        // Opened by a version without the opening's marker (a marked one is finished below): move the stage.
        const review = await deps.repos.reviews.byPilot(pilot.teamId, pilot.id);
        if (!review?.openFollowUp) await deps.repos.pilots.setStage(pilot.teamId, pilot.id, 'registered', 'in_review');
        continue;
      }
      await deps.services.reviews.open(pilot, pilot.createdBy);
      result.opened++;
    } catch (error) {
      result.failed++;
      deps.logger.warn({ err: error, teamId: pilot.teamId, pilotId: pilot.id }, 'repair: could not open review');
    }
  }
  await finishFollowUps(deps, before, result, installed);
  await finishDoneItems(deps, before, result, installed);
  result.audited = await auditStalledAnswers(deps, before, installed);
  result.recomputed = await catchUpStatuses(deps, before, installed);
  for (const review of await deps.repos.reviews.withoutCard(before, now)) {
    if (!(await installed(review.teamId))) continue;
    try {
      await deps.services.reviews.refreshCard(review.teamId, review.id);
      await deps.repos.reviews.repairSucceeded(review.id);
      result.posted++;
    } catch (error) {
      result.failed++;
      await deps.repos.reviews.repairFailed(review.id, now);
      deps.logger.warn({ err: error, teamId: review.teamId, reviewId: review.id }, 'repair: could not post card');
    }
  }
  return result;
}

type RepairResult = {
  opened: number;
  posted: number;
  audited: number;
  recomputed: number;
  finished: number;
  failed: number;
};

/** Openings, decisions and re-review rounds whose later steps stalled: finished, and their card refreshed. */
async function finishFollowUps(deps: Deps, before: Date, result: RepairResult, installed: Installed): Promise<void> {
  const finishers = {
    openFollowUp: async (r: { teamId: string; id: string; pilotId: string }) => {
      const pilot = await deps.repos.pilots.byId(r.teamId, r.pilotId);
      return pilot ? deps.services.reviews.finishStalledOpening(pilot, r.id, before) : false;
    },
    decisionFollowUp: (r: { teamId: string; id: string }) =>
      deps.services.decisions.finishStalled(r.teamId, r.id, before),
    roundFollowUp: (r: { teamId: string; id: string }) =>
      deps.services.gapClosure.finishStalled(r.teamId, r.id, before),
  } as const;
  for (const [field, finish] of Object.entries(finishers) as [
    keyof typeof finishers,
    (typeof finishers)['openFollowUp'],
  ][]) {
    for (const review of await deps.repos.reviews.followUpsStalled(field, before)) {
      if (!(await installed(review.teamId))) continue;
      try {
        if (!(await finish(review))) continue;
        result.finished++;
        await deps.services.reviews
          .refreshCard(review.teamId, review.id)
          .catch((err: unknown) => deps.logger.warn({ err, reviewId: review.id }, 'repair: card not refreshed'));
      } catch (error) {
        result.failed++;
        deps.logger.warn(
          { err: error, teamId: review.teamId, reviewId: review.id, field },
          'repair: follow-up not finished',
        );
      }
    }
  }
}

/**
 * Plan items marked done whose request died before the round check: the re-review round of a plan
 * completed that way would otherwise wait for another click (the round has no marker of its own yet).
 */
async function finishDoneItems(deps: Deps, before: Date, result: RepairResult, installed: Installed): Promise<void> {
  for (const item of await deps.repos.planItems.doneUnchecked(before)) {
    if (!(await installed(item.teamId))) continue;
    try {
      if (await deps.services.gapClosure.finishStalledDone(item.teamId, item.id, before)) result.finished++;
    } catch (error) {
      result.failed++;
      deps.logger.warn(
        { err: error, teamId: item.teamId, reviewId: item.reviewId, itemId: item.id },
        'repair: done item not finished',
      );
    }
  }
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
  for (const review of await deps.repos.reviews.statusesBehind(before)) {
    if (!(await installed(review.teamId))) continue;
    try {
      if (review.behind) {
        await deps.services.reviews.recompute(review.teamId, review.id, 'pilotgate');
        await deps.services.reviews.refreshCard(review.teamId, review.id);
        recomputed++;
      }
      await deps.repos.reviews.clearStatusesBehind(review.id, review.answerSeq);
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
    if (Object.values(result).some((n) => n > 0))
      deps.logger.info({ job: 'reviews.repair', ...result }, 'repaired reviews');
  },
};
