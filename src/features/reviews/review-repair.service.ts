import { installedWorkspaces } from '../../jobs/for-each-item.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditTrail } from '../audit/audit.port.js';
import type { PilotStore, PilotSweeps } from '../pilots/pilot.port.js';
import { finishStalledAudits } from './answer-audit.service.js';
import type { PlanItemSweeps } from './plan-item.port.js';
import type { ReviewStore, ReviewSweeps } from './review.port.js';
import type { ReviewService } from './review.service.js';
import { REPAIR_GRACE_MS } from './review-repair.domain.js';
import type { RoleChangeService } from './role-change.service.js';

type Installed = (teamId: string) => Promise<boolean>;

/** A stalled follow-up of a later feature (decisions, gap closure), finished by that feature's service. */
interface StalledFinisher {
  finishStalled(teamId: string, reviewId: string, before: Date): Promise<boolean>;
}

/** What the repair uses: the owners' sweeps and the services that finish each step (src/app/compose.ts passes them). */
export interface ReviewRepairDeps {
  clock: Clock;
  logger: Logger;
  isInstalled(teamId: string): Promise<boolean>;
  repos: {
    pilots: PilotStore & PilotSweeps;
    reviews: ReviewStore & ReviewSweeps;
    planItems: PlanItemSweeps;
    audit: AuditTrail;
  };
  services: {
    reviews: Pick<ReviewService, 'open' | 'finishStalledOpening' | 'recompute' | 'refreshCard'>;
    decisions: StalledFinisher;
    gapClosure: StalledFinisher & {
      finishStalledDone(teamId: string, itemId: string, before: Date): Promise<boolean>;
    };
    roleChanges: Pick<RoleChangeService, 'finishStalled'>;
  };
}

export type RepairResult = {
  opened: number;
  posted: number;
  audited: number;
  recomputed: number;
  finished: number;
  failed: number;
};

/**
 * Catches up after a crash between saving and posting: opens the review of a pilot saved without one,
 * finishes the later steps of an opening, decision, re-review round or role change that stalled (their markers),
 * opens the re-review round of a plan whose last item's request died after marking it done,
 * appends the audit event of an answer saved without one, recomputes the statuses (and card) of a review
 * whose latest answer they never took in, and posts the card of a review that has none (a card that
 * keeps failing is retried less and less often). One failing item never stops the rest.
 * Workspaces without an installation are left as they are (their database work too) until reinstalled.
 */
export class ReviewRepairService {
  constructor(private readonly d: ReviewRepairDeps) {}

  async repair(): Promise<RepairResult> {
    const now = this.d.clock.now();
    const before = new Date(now.getTime() - REPAIR_GRACE_MS);
    const result = { opened: 0, posted: 0, audited: 0, recomputed: 0, finished: 0, failed: 0 };
    const installed = installedWorkspaces('reviews.repair', (t) => this.d.isInstalled(t), this.d.logger);
    const orphans = await this.d.repos.pilots.registeredBefore(before);
    const reviewed = await this.d.repos.reviews.reviewedPilotIds(orphans.map((p) => p.id));
    for (const pilot of orphans) {
      if (!(await installed(pilot.teamId))) continue;
      try {
        if (reviewed.has(pilot.id)) {
          // Opened by a version without the opening's marker (a marked one is finished below): move the stage.
          const review = await this.d.repos.reviews.byPilot(pilot.teamId, pilot.id);
          if (!review?.openFollowUp)
            await this.d.repos.pilots.setStage(pilot.teamId, pilot.id, 'registered', 'in_review');
          continue;
        }
        await this.d.services.reviews.open(pilot, pilot.createdBy);
        result.opened++;
      } catch (error) {
        result.failed++;
        this.d.logger.warn({ err: error, teamId: pilot.teamId, pilotId: pilot.id }, 'repair: could not open review');
      }
    }
    await this.finishFollowUps(before, result, installed);
    await this.finishDoneItems(before, result, installed);
    await this.finishRoleChanges(before, result, installed);
    result.audited = await this.auditStalledAnswers(before, installed);
    result.recomputed = await this.catchUpStatuses(before, installed);
    for (const review of await this.d.repos.reviews.withoutCard(before, now)) {
      if (!(await installed(review.teamId))) continue;
      try {
        await this.d.services.reviews.refreshCard(review.teamId, review.id);
        await this.d.repos.reviews.repairSucceeded(review.id);
        result.posted++;
      } catch (error) {
        result.failed++;
        await this.d.repos.reviews.repairFailed(review.id, now);
        this.d.logger.warn({ err: error, teamId: review.teamId, reviewId: review.id }, 'repair: could not post card');
      }
    }
    return result;
  }

  /** Openings, decisions and re-review rounds whose later steps stalled: finished, and their card refreshed. */
  private async finishFollowUps(before: Date, result: RepairResult, installed: Installed): Promise<void> {
    const finishers = {
      openFollowUp: async (r: { teamId: string; id: string; pilotId: string }) => {
        const pilot = await this.d.repos.pilots.byId(r.teamId, r.pilotId);
        return pilot ? this.d.services.reviews.finishStalledOpening(pilot, r.id, before) : false;
      },
      decisionFollowUp: (r: { teamId: string; id: string }) =>
        this.d.services.decisions.finishStalled(r.teamId, r.id, before),
      roundFollowUp: (r: { teamId: string; id: string }) =>
        this.d.services.gapClosure.finishStalled(r.teamId, r.id, before),
    } as const;
    for (const [field, finish] of Object.entries(finishers) as [
      keyof typeof finishers,
      (typeof finishers)['openFollowUp'],
    ][]) {
      for (const review of await this.d.repos.reviews.followUpsStalled(field, before)) {
        if (!(await installed(review.teamId))) continue;
        try {
          if (!(await finish(review))) continue;
          result.finished++;
          await this.d.services.reviews
            .refreshCard(review.teamId, review.id)
            .catch((err: unknown) => this.d.logger.warn({ err, reviewId: review.id }, 'repair: card not refreshed'));
        } catch (error) {
          result.failed++;
          this.d.logger.warn(
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
  private async finishDoneItems(before: Date, result: RepairResult, installed: Installed): Promise<void> {
    for (const item of await this.d.repos.planItems.doneUnchecked(before)) {
      if (!(await installed(item.teamId))) continue;
      try {
        if (await this.d.services.gapClosure.finishStalledDone(item.teamId, item.id, before)) result.finished++;
      } catch (error) {
        result.failed++;
        this.d.logger.warn(
          { err: error, teamId: item.teamId, reviewId: item.reviewId, itemId: item.id },
          'repair: done item not finished',
        );
      }
    }
  }

  /** Role changes whose steps stalled: the review's copy of the roles, the audit events, the card, invites and DMs. */
  private async finishRoleChanges(before: Date, result: RepairResult, installed: Installed): Promise<void> {
    for (const pilot of await this.d.repos.pilots.roleChangesStalled(before)) {
      if (!(await installed(pilot.teamId))) continue;
      try {
        if (await this.d.services.roleChanges.finishStalled(pilot.teamId, pilot.id, before)) result.finished++;
      } catch (error) {
        result.failed++;
        this.d.logger.warn({ err: error, teamId: pilot.teamId, pilotId: pilot.id }, 'repair: role change not finished');
      }
    }
  }

  /** Appends the audit event of answers saved without one (the save's request died in between). */
  private async auditStalledAnswers(before: Date, installed: Installed): Promise<number> {
    // The audit trail is completed in every workspace: it is the record, and it asks nothing of Slack.
    const finished = await finishStalledAudits(this.d.repos, this.d.clock.now(), { staleBefore: before });
    for (const answer of finished) {
      // The statuses and the card never saw this answer either: the request stopped before them.
      await this.d.services.reviews.recompute(answer.teamId, answer.reviewId, answer.userId);
      if (!(await installed(answer.teamId))) continue;
      await this.d.services.reviews
        .refreshCard(answer.teamId, answer.reviewId)
        .catch((err: unknown) => this.d.logger.warn({ err, reviewId: answer.reviewId }, 'repair: card not refreshed'));
    }
    return finished.length;
  }

  /** Statuses and cards of answers whose follow-up work after the ack was lost with the process. */
  private async catchUpStatuses(before: Date, installed: Installed): Promise<number> {
    let recomputed = 0;
    for (const review of await this.d.repos.reviews.statusesBehind(before)) {
      if (!(await installed(review.teamId))) continue;
      try {
        if (review.behind) {
          await this.d.services.reviews.recompute(review.teamId, review.id, 'pilotgate');
          await this.d.services.reviews.refreshCard(review.teamId, review.id);
          recomputed++;
        }
        await this.d.repos.reviews.clearStatusesBehind(review.id, review.answerSeq);
      } catch (err) {
        this.d.logger.warn({ err, reviewId: review.id }, 'repair: statuses not caught up');
      }
    }
    return recomputed;
  }
}
