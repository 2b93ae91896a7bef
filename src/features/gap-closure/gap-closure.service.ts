import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditTrail } from '../audit/audit.port.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { mayStartRound } from '../pilots/pilot-lifecycle.domain.js';
import { appendMissing } from '../reviews/follow-up-audit.js';
import type { ManifestProvider } from '../reviews/manifest-provider.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { ReviewService } from '../reviews/review.service.js';
import type { PlanItem, Review } from '../reviews/review.types.js';
import { isAbandoned } from '../reviews/review-repair.domain.js';
import { rolesToReassess } from '../reviews/rounds.domain.js';
import { mayMarkDone, planComplete, planOfRound, planSignals, reReviewReason } from './gap-closure.domain.js';

export interface GapClosureServiceDeps {
  pilots: PilotStore;
  reviews: ReviewStore;
  audit: AuditTrail;
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
  /** The plan items of one owner on a review: what their reminder message lists. */
  async ownerItems(teamId: string, reviewId: string, ownerId: string): Promise<PlanItem[]> {
    return (await this.d.reviews.planItems(teamId, reviewId)).filter((i) => i.ownerId === ownerId);
  }

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
    // One write marks the item done with its audit event still to append; a later click finishes it.
    const done = await this.d.reviews.markPlanItemDone(teamId, itemId, userId, now);
    if (!done) {
      const fresh = (await this.d.reviews.planItem(teamId, itemId)) ?? item;
      if (fresh.doneAuditPending && fresh.doneAt && isAbandoned(fresh.doneAt, now, DONE_STALLED_AFTER_MS)) {
        await this.auditDone(fresh, true);
      }
      return { pilot, item: fresh, alreadyDone: true };
    }
    await this.auditDone(done, false);
    return { pilot, item: done, alreadyDone: false };
  }

  /** The item's `plan_item.done` event (once, even on a repeat), then its pending mark removed. */
  private async auditDone(item: PlanItem, repeat: boolean): Promise<void> {
    const doneAt = new Date(item.doneAt!);
    const event = {
      teamId: item.teamId,
      reviewId: item.reviewId,
      at: doneAt,
      actor: item.doneBy!,
      type: 'plan_item.done',
      subject: item.signal,
      before: { action: item.action, doneAt: null },
      after: { action: item.action, doneAt, doneBy: item.doneBy },
    };
    await appendMissing(this.d.audit, [event], repeat);
    await this.d.reviews.planItemAudited(item.teamId, item.id);
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
    // Checked: the round opened (or its own marker finishes it), or it need not open.
    await this.d.reviews.roundChecked(pilot.teamId, item.id);
    await this.d.reviewService.refreshCard(pilot.teamId, item.reviewId);
    return started;
  }

  /**
   * Finishes a done item whose request died before its audit event or its round check (the repair
   * job's entry point): the event appended once, the re-review round opened if the plan is complete.
   */
  async finishStalledDone(teamId: string, itemId: string, before: Date): Promise<boolean> {
    if (!(await this.d.reviews.claimRoundCheck(teamId, itemId, before, this.d.clock.now()))) return false;
    const item = await this.d.reviews.planItem(teamId, itemId);
    const pilot = item ? await this.d.pilots.byId(teamId, item.pilotId) : null;
    if (!item?.doneAt || !pilot) return false;
    if (item.doneAuditPending) await this.auditDone(item, true);
    await this.afterDone({ pilot, item, alreadyDone: true }, item.doneBy ?? item.ownerId);
    return true;
  }

  private async startReReview(
    pilot: Pilot,
    reviewId: string,
    round: number,
    plan: PlanItem[],
    actor: string,
  ): Promise<boolean> {
    const [review, fresh] = await Promise.all([
      this.d.reviews.byId(pilot.teamId, reviewId),
      this.d.pilots.byId(pilot.teamId, pilot.id),
    ]);
    if (!review || !fresh) return false;
    // A round opened earlier whose later steps stalled (this is a second click, say): finish it now.
    if (review.roundFollowUp?.round === round + 1)
      return this.finishStalled(pilot.teamId, reviewId, staleBefore(this.d.clock.now()));
    // A paused or terminated pilot keeps its plan, but no re-review starts: a re-review only starts for a pilot still under review.
    if (review.round !== round || !mayStartRound(fresh.stage)) return false;
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const signals = planSignals(plan);
    const roles = rolesToReassess(manifest, signals);
    const now = this.d.clock.now();
    const followUp = {
      round: round + 1,
      pilotId: fresh.id,
      pilotName: fresh.name,
      from: fresh.stage,
      roles,
      signals,
      actor,
      at: now,
    };
    const next = await this.d.reviews.startRound(
      pilot.teamId,
      reviewId,
      round,
      roles,
      reReviewReason(signals),
      now,
      followUp,
    );
    if (!next) return false;
    await this.runRoundFollowUp(next, false);
    return true;
  }

  /** Finishes a re-review round whose later steps stalled (the repair job's entry point); true when it did. */
  async finishStalled(teamId: string, reviewId: string, before: Date): Promise<boolean> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const pending = review?.roundFollowUp;
    if (!review || !pending) return false;
    if (!(await this.d.reviews.claimRoundFollowUp(teamId, reviewId, pending.round, before, this.d.clock.now()))) {
      return false;
    }
    await this.runRoundFollowUp(review, true);
    return true;
  }

  /**
   * The steps after a round opened: pilot back to in review (compare-and-set on the stage read before
   * the round), audit events (not twice on a repeat), statuses recomputed, roles invited, marker removed.
   */
  private async runRoundFollowUp(review: Review, repeat: boolean): Promise<void> {
    const f = review.roundFollowUp!;
    const { teamId } = review;
    const moved =
      (await this.d.pilots.setStage(teamId, f.pilotId, f.from, 'in_review')) ??
      (await this.d.pilots.byId(teamId, f.pilotId));
    const base = { teamId, reviewId: review.id, at: new Date(f.at), actor: f.actor };
    const started = { round: f.round, requiredRoles: f.roles, signals: f.signals };
    const events = [
      { ...base, type: 'round.started', subject: `round ${f.round}`, before: { round: f.round - 1 }, after: started },
      ...(moved?.stage === 'in_review'
        ? [{ ...base, type: 'stage.changed', subject: f.pilotName, before: f.from, after: 'in_review' }]
        : []),
    ];
    await appendMissing(this.d.audit, events, repeat);
    const recomputed = (await this.d.reviewService.recompute(teamId, review.id, f.actor)) ?? review;
    // A pause or terminate that landed before the move wins: nobody is asked to re-review.
    if (moved?.stage === 'in_review') {
      await this.d.reviewService.inviteStakeholders(moved, recomputed, f.roles, f.signals);
    }
    await this.d.reviews.clearRoundFollowUp(teamId, review.id, f.round);
  }
}

/** A done item still without its audit event this long after is taken as stalled (its request died). */
const DONE_STALLED_AFTER_MS = 10_000;

/** A round's steps unclaimed this long are taken as stalled (the request that opened it died). */
export const ROUND_STALLED_AFTER_MS = 10_000;
const staleBefore = (now: Date) => new Date(now.getTime() - ROUND_STALLED_AFTER_MS);
