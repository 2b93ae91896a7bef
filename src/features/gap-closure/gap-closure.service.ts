import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditRepo } from '../audit/audit.repo.js';
import type { PilotRepo } from '../pilots/pilot.repo.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { ManifestProvider } from '../reviews/manifest-provider.js';
import type { ReviewRepo } from '../reviews/review.repo.js';
import type { ReviewService } from '../reviews/review.service.js';
import type { PlanItem } from '../reviews/review.types.js';
import { rolesToReassess } from '../reviews/rounds.domain.js';
import { mayMarkDone, planComplete, planOfRound, planSignals, reReviewReason } from './gap-closure.domain.js';

export interface GapClosureServiceDeps {
  pilots: PilotRepo;
  reviews: ReviewRepo;
  audit: AuditRepo;
  manifests: ManifestProvider;
  reviewService: Pick<ReviewService, 'recompute' | 'inviteStakeholders' | 'refreshCard'>;
  clock: Clock;
  logger: Logger;
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
}

export interface MarkDoneResult {
  pilot: Pilot;
  item: PlanItem;
  /** The item was done before this click (double click, or someone else). */
  alreadyDone: boolean;
}

/** Tracks plan items and, when a plan is complete, opens the re-review round of its signals. */
export class GapClosureService {
  constructor(private readonly d: GapClosureServiceDeps) {}

  /** A pilot's plan items (every round), for the plan modal, with the viewer's right to close each. */
  async planFor(teamId: string, reviewId: string, viewerId: string) {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const pilot = review ? await this.d.pilots.byId(teamId, review.pilotId) : null;
    if (!review || !pilot) throw new DomainError('not_found', 'I could not find that review in this workspace.');
    const items = await this.d.reviews.planItems(teamId, reviewId);
    const admin = await this.d.isGateAdmin(teamId, viewerId);
    const canMark = (i: PlanItem) => mayMarkDone(i, viewerId, pilot.stakeholders.executive_sponsor, admin);
    return { pilot, review, items, canMark };
  }

  /** Marks an item done (idempotent); only its owner, the sponsor or a gate admin may. */
  async markDone(teamId: string, itemId: string, userId: string): Promise<MarkDoneResult> {
    const item = await this.d.reviews.planItem(teamId, itemId);
    const pilot = item ? await this.d.pilots.byId(teamId, item.pilotId) : null;
    if (!item || !pilot) throw new DomainError('not_found', 'I could not find that plan item in this workspace.');
    const admin = await this.d.isGateAdmin(teamId, userId);
    if (!mayMarkDone(item, userId, pilot.stakeholders.executive_sponsor, admin)) {
      throw new DomainError(
        'forbidden',
        `Only the owner of this item (<@${item.ownerId}>), the sponsor (<@${pilot.stakeholders.executive_sponsor}>) ` +
          'or a gate admin can mark it done.',
      );
    }
    const now = this.d.clock.now();
    const done = await this.d.reviews.markPlanItemDone(teamId, itemId, userId, now);
    if (!done) return { pilot, item: (await this.d.reviews.planItem(teamId, itemId)) ?? item, alreadyDone: true };
    await this.d.audit.append({
      teamId,
      reviewId: item.reviewId,
      at: now,
      actor: userId,
      type: 'plan_item.done',
      subject: item.signal,
      before: { action: item.action, doneAt: null },
      after: { action: item.action, doneAt: now, doneBy: userId },
    });
    return { pilot, item: done, alreadyDone: false };
  }

  /**
   * After an item is done: when the plan of its round is complete, opens the next round re-assessing
   * every signal of the plan (pilot back to in_review, those roles invited again); refreshes the card.
   * Returns whether this call started the round (a concurrent last click loses the race harmlessly).
   */
  async afterDone(result: MarkDoneResult, actor: string): Promise<boolean> {
    const { pilot, item } = result;
    const items = await this.d.reviews.planItems(pilot.teamId, item.reviewId);
    const started = planComplete(items, item.round)
      ? await this.startReReview(pilot, item.reviewId, item.round, planOfRound(items, item.round), actor)
      : false;
    await this.d.reviewService.refreshCard(pilot.teamId, item.reviewId);
    return started;
  }

  private async startReReview(
    pilot: Pilot,
    reviewId: string,
    round: number,
    plan: PlanItem[],
    actor: string,
  ): Promise<boolean> {
    const review = await this.d.reviews.byId(pilot.teamId, reviewId);
    if (!review || review.round !== round) return false;
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const signals = planSignals(plan);
    const roles = rolesToReassess(manifest, signals);
    const now = this.d.clock.now();
    const next = await this.d.reviews.startRound(pilot.teamId, reviewId, round, roles, reReviewReason(signals), now);
    if (!next) return false;
    const event = { teamId: pilot.teamId, reviewId, at: now, actor };
    await this.d.audit.append({
      ...event,
      type: 'round.started',
      subject: `round ${next.round}`,
      before: { round },
      after: { round: next.round, requiredRoles: roles, signals },
    });
    const moved = await this.d.pilots.setStage(pilot.teamId, pilot.id, ['pre_production'], 'in_review');
    if (moved) {
      await this.d.audit.append({
        ...event,
        type: 'stage.changed',
        subject: pilot.name,
        before: pilot.stage,
        after: 'in_review',
      });
    }
    const recomputed = (await this.d.reviewService.recompute(pilot.teamId, reviewId, actor)) ?? next;
    await this.d.reviewService.inviteStakeholders(moved ?? pilot, recomputed, roles, signals);
    return true;
  }
}
