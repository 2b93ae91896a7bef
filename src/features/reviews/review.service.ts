import type { Cadence } from '../../config/settings.js';
import { ROLE_IDS, type RoleId, SIGNAL_IDS, type SignalId } from '../../core/catalog.domain.js';
import { computeSignalStatuses } from '../../core/signal-status.domain.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Notifier } from '../../slack/notifier.js';
import type { AuditTrail } from '../audit/audit.port.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { SCAN_NOW } from '../pilots/scan-schedule.domain.js';
import { askedAndStillStale, withStaleConfirmations } from './confirmation-expiry.domain.js';
import { appendMissing } from './follow-up-audit.js';
import type { ManifestProvider } from './manifest-provider.js';
import { reviewOutcome } from './outcome.domain.js';
import { mayHavePlanItems } from './plan-items.domain.js';
import type { ReviewStore } from './review.port.js';
import type { PlanItem, Review, StoredSignalStatus } from './review.types.js';
import { type ReviewCardOptions, reviewCard } from './review-card.views.js';
import type { ReviewContext } from './review-context.js';
import { review90Due } from './review90-due.domain.js';
import { currentAnswers } from './rounds.domain.js';
import { stakeholderInvite } from './stakeholder-dm.views.js';

export interface ReviewServiceDeps {
  pilots: PilotStore;
  reviews: ReviewStore;
  audit: AuditTrail;
  manifests: ManifestProvider;
  notifier: Notifier;
  /** Invites go out once per review round and person, even when a stalled round's steps run again. */
  deliveries: Pick<DeliveryStore, 'once'>;
  clock: Clock;
  logger: Logger;
  /** How long stakeholders have before the first nudge; shown as the due date in invites. */
  answerWindowMs: () => number;
  /** The workspace's cadence, for the card's *90-day review* button; without it the card never offers one. */
  cadenceFor?: (teamId: string) => Promise<Pick<Cadence, 'review90dAfterMs'>>;
  /**
   * Called (not awaited) after a card is posted or re-rendered: the Home tabs of its people follow.
   * `planItems`: the review's plan items as the card showed them, when it read them.
   */
  afterCardRender?: (pilot: Pilot, reviewId: string, planItems?: PlanItem[]) => void;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** One invite per review round and person (one DM covers all of that person's roles). */
export const inviteKey = (reviewId: string, round: number, userId: string) => `invite:${reviewId}:${round}:${userId}`;

/** Opens reviews, recomputes their statuses from stored answers, and keeps the channel card current. */
export class ReviewService {
  constructor(private readonly d: ReviewServiceDeps) {}

  /**
   * Opens the review of a freshly registered pilot: one write creates the review with a marker for its
   * later steps (stage move, audit events), which run next; then the card and every stakeholder's invite.
   */
  async open(pilot: Pilot, actor: string): Promise<Review> {
    const now = this.d.clock.now();
    const manifestVersion = await this.d.manifests.pinCurrent(now);
    const manifest = this.d.manifests.current;
    const statuses = computeSignalStatuses({ manifest, answers: {}, pilot: { regulated: pilot.regulated } });
    const review = await this.d.reviews.create({
      teamId: pilot.teamId,
      pilotId: pilot.id,
      manifestVersion,
      round: 1,
      rounds: [{ n: 1, startedAt: now, requiredRoles: [...ROLE_IDS], reason: 'Review opened' }],
      statuses: statuses.map(toStored),
      outcome: 'collecting',
      answeredRoles: [],
      answerSeq: 0,
      snapshotSeq: 0,
      decisions: [],
      decidedRound: 0,
      decisionCount: 0,
      openedAt: now,
      lastActivityAt: now,
      openFollowUp: { actor, at: now, claimedAt: now },
      answerFacts: {
        pilotName: pilot.name,
        stakeholders: pilot.stakeholders,
        savedRound: {},
        kpis: pilot.kpis,
        plannedKpiValidationDate: pilot.plannedKpiValidationDate,
      },
    });
    const inReview = (await this.finishOpening(pilot, review, false)) ?? pilot;
    // A card Slack refuses is posted later by the repair job (a review without a card); asking the
    // stakeholders does not wait for it. The caller still hears of the failure, after the invites.
    const cardFailure = await this.postCard(inReview, review).then(
      () => null,
      (error: unknown) => ({ error }),
    );
    await this.inviteStakeholders(inReview, review, [...ROLE_IDS]);
    // The marker goes only once everyone was asked: a request that dies before leaves it for the repair job.
    await this.d.reviews.clearOpenFollowUp(pilot.teamId, review.id);
    await this.markForScan(inReview);
    if (cardFailure) throw cardFailure.error;
    this.d.afterCardRender?.(inReview, review.id);
    return review;
  }

  /**
   * Finishes an opening whose later steps stalled (claimed by nobody since `staleBefore`), for the
   * repair job: true when this call did it. Invites are deliveries (once per round and person), so a
   * stakeholder already asked is not asked again. The card is the repair job's own step.
   */
  async finishStalledOpening(pilot: Pilot, reviewId: string, staleBefore: Date): Promise<boolean> {
    const review = await this.d.reviews.byId(pilot.teamId, reviewId);
    if (!review?.openFollowUp) return false;
    if (!(await this.d.reviews.claimOpenFollowUp(pilot.teamId, reviewId, staleBefore, this.d.clock.now()))) {
      return false;
    }
    const inReview = (await this.finishOpening(pilot, review, true)) ?? pilot;
    await this.inviteStakeholders(inReview, review, [...ROLE_IDS]);
    await this.d.reviews.clearOpenFollowUp(pilot.teamId, review.id);
    return true;
  }

  /** Stage registered → in review (compare-and-set) and the registration's audit events. */
  private async finishOpening(pilot: Pilot, review: Review, repeat: boolean): Promise<Pilot | null> {
    const f = review.openFollowUp!;
    const moved =
      (await this.d.pilots.setStage(pilot.teamId, pilot.id, 'registered', 'in_review')) ??
      (await this.d.pilots.byId(pilot.teamId, pilot.id));
    const base = { teamId: pilot.teamId, reviewId: review.id, at: new Date(f.at), actor: f.actor };
    const events = [
      { ...base, type: 'pilot.registered', subject: pilot.name, before: null, after: registrationFacts(pilot) },
      ...ROLE_IDS.map((role) => ({
        ...base,
        type: 'role.assigned',
        subject: role,
        before: null,
        after: pilot.stakeholders[role],
      })),
      ...separationEvents(pilot, base),
      { ...base, type: 'stage.changed', subject: pilot.name, before: 'registered', after: 'in_review' },
    ];
    await appendMissing(this.d.audit, events, repeat);
    return moved;
  }

  /**
   * DMs each distinct person among `roles` what they are asked, by when, with the questionnaire button.
   * `reReviewOf` names the signals of a re-review round after gap closure. Each DM is a delivery keyed by
   * review, round and person (`keyOf` for another key: a role change's): a round whose steps run again
   * after a crash invites nobody twice.
   */
  async inviteStakeholders(
    pilot: Pilot,
    review: Review,
    roles: RoleId[],
    reReviewOf?: SignalId[],
    keyOf: (userId: string) => string = (userId) => inviteKey(review.id, review.round, userId),
  ): Promise<void> {
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const due = isoDay(new Date(this.d.clock.now().getTime() + this.d.answerWindowMs()));
    const byUser = new Map<string, RoleId[]>();
    for (const role of roles)
      byUser.set(pilot.stakeholders[role], [...(byUser.get(pilot.stakeholders[role]) ?? []), role]);
    for (const [userId, userRoles] of byUser) {
      const signals = SIGNAL_IDS.filter((s) => userRoles.some((r) => manifest.purview[s].assessors.includes(r)));
      const key = keyOf(userId);
      try {
        await this.d.deliveries.once(key, pilot.teamId, this.d.clock.now(), () =>
          this.d.notifier.dm(
            pilot.teamId,
            userId,
            stakeholderInvite({
              pilot,
              reviewId: review.id,
              roles: userRoles,
              signals,
              dueDate: due,
              ...(reReviewOf?.length ? { reReviewOf } : {}),
            }),
          ),
        );
      } catch (error) {
        this.d.logger.warn({ err: error, teamId: pilot.teamId, userId }, 'could not DM stakeholder invite');
      }
    }
  }

  /** The review, its pilot, its manifest and its answers, read once for one request or job item. */
  async loadContext(teamId: string, reviewId: string): Promise<ReviewContext | null> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    if (!review) return null;
    const [pilot, manifest, history] = await Promise.all([
      this.d.pilots.byId(teamId, review.pilotId),
      this.d.manifests.get(review.manifestVersion),
      this.d.reviews.answerHistory(teamId, reviewId),
    ]);
    if (!pilot) return null;
    return { pilot, review, manifest, history, answers: currentAnswers(review, history) };
  }

  /**
   * Recomputes statuses from every stored answer and writes them unless a newer computation won.
   * Called after each save; the answer sequence makes concurrent saves converge on the latest state.
   */
  async recompute(teamId: string, reviewId: string, actor: string): Promise<Review | null> {
    const ctx = await this.loadContext(teamId, reviewId);
    return ctx ? (await this.recomputeContext(ctx, actor)).context.review : null;
  }

  /**
   * recompute() on a loaded context. `current`: the returned context's review is the database's after
   * this write (the card may be rendered from it); false when a newer computation had already landed.
   */
  async recomputeContext(ctx: ReviewContext, actor: string): Promise<{ context: ReviewContext; current: boolean }> {
    const { pilot, review, manifest, answers } = ctx;
    const statuses = computeSignalStatuses({ manifest, answers, pilot: { regulated: pilot.regulated } }).map(toStored);
    const outcome = reviewOutcome(statuses);
    const answeredRoles = ROLE_IDS.filter((r) => answers[r] !== undefined);
    const written = await this.d.reviews.writeSnapshotReturning(pilot.teamId, review.id, review.answerSeq, {
      statuses,
      outcome,
      answeredRoles,
    });
    if (written) await this.auditStatusChanges(review, statuses, actor);
    return {
      context: { ...ctx, review: written ?? { ...review, statuses, outcome, answeredRoles } },
      current: !!written,
    };
  }

  private async auditStatusChanges(before: Review, after: StoredSignalStatus[], actor: string): Promise<void> {
    const now = this.d.clock.now();
    const changed = after.filter((s) => before.statuses.find((b) => b.signal === s.signal)?.status !== s.status);
    await this.d.audit.appendMany(
      changed.map((s) => ({
        teamId: before.teamId,
        reviewId: before.id,
        at: now,
        actor,
        type: 'signal.status_changed',
        subject: s.signal,
        before: before.statuses.find((b) => b.signal === s.signal)?.status ?? null,
        after: { status: s.status, reasons: s.reasons },
      })),
    );
  }

  /** What the card offers beyond the review itself: the 90-day review once it is due. */
  async cardOptions(pilot: Pilot): Promise<ReviewCardOptions> {
    if (pilot.stage !== 'production' || !this.d.cadenceFor) return {};
    return { review90Due: review90Due(pilot, await this.d.cadenceFor(pilot.teamId), this.d.clock.now()) };
  }

  /**
   * The card of the review as it stands now: an undecided round's stale confirmations that the decision's
   * opening asked about and nobody re-confirmed since (their signals shown pending, the decision waiting
   * on them), and what cardOptions adds. Read from the review alone: a card render judges no time.
   */
  private async cardOf(pilot: Pilot, review: Review, planItems: PlanItem[]) {
    const opts = await this.cardOptions(pilot);
    const undecided = review.decidedRound < review.round && pilot.stage !== 'terminated';
    const stale = undecided ? askedAndStillStale(review) : [];
    if (stale.length === 0) return reviewCard(pilot, review, planItems, opts);
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const shown = withStaleConfirmations(review, (s) => manifest.purview[s]?.assessors ?? [], stale);
    return reviewCard(pilot, shown, planItems, { ...opts, stale });
  }

  /** Posts the card for a review that has none yet (or whose post failed earlier). */
  async postCard(pilot: Pilot, review: Review): Promise<void> {
    const planItems = mayHavePlanItems(review) ? await this.d.reviews.planItems(pilot.teamId, review.id) : [];
    const card = await this.cardOf(pilot, review, planItems);
    const posted = await this.d.notifier.post(pilot.teamId, pilot.channelId, card);
    await this.d.reviews.setCard(pilot.teamId, review.id, posted);
  }

  /**
   * Re-renders the card from the database as it is now, so a late updater never paints an older
   * state over a newer one. Posts a new card when the review has none.
   */
  async refreshCard(
    teamId: string,
    reviewId: string,
    opts: { fromScan?: boolean; context?: Pick<ReviewContext, 'pilot' | 'review'> } = {},
  ): Promise<void> {
    // Concurrent saves each ask for a refresh; two overlapping renders could reach Slack out of order
    // and leave an older state on the card. So one render runs at a time per review, and a request that
    // arrives meanwhile re-renders once more afterwards, from the database as it is then.
    // The purgatory scan's own refresh shows what it just assessed: no mark for the next scan then.
    // A context (the review as its own write returned it) serves the first render; renders asked for
    // meanwhile read the database again.
    const key = `${teamId}:${reviewId}`;
    const mark = !opts.fromScan;
    const running = this.cardRenders.get(key);
    if (running) {
      running.again = true;
      running.mark ||= mark;
      return running.done;
    }
    const entry = { again: false, mark, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        let failure: unknown;
        let context = opts.context;
        do {
          entry.again = false;
          const markThis = entry.mark;
          entry.mark = false;
          // A context older than a card this process already rendered would paint an older state.
          const loaded =
            context && reviewVersion(context.review) >= (this.rendered.get(key) ?? 0) ? context : undefined;
          context = undefined;
          failure = await this.renderCard(teamId, reviewId, markThis, loaded).then(
            () => undefined,
            (error: unknown) => error ?? 'failed',
          );
        } while (entry.again);
        if (failure !== undefined) throw failure;
      } finally {
        this.cardRenders.delete(key);
      }
    })();
    this.cardRenders.set(key, entry);
    return entry.done;
  }

  private readonly cardRenders = new Map<string, { again: boolean; mark: boolean; done: Promise<void> }>();

  /** The newest reviewVersion each review's card was rendered from here (bounded: cleared when full). */
  private readonly rendered = new Map<string, number>();

  private noteRendered(key: string, review: Review): void {
    if (this.rendered.size >= RENDERED_VERSIONS_MAX) this.rendered.clear();
    this.rendered.set(key, Math.max(this.rendered.get(key) ?? 0, reviewVersion(review)));
  }

  /** What the card shows changed, so the purgatory flags may have: the next daily scan looks at the pilot. */
  private async markForScan(pilot: Pilot): Promise<void> {
    if (pilot.scanDueOn === SCAN_NOW) return; // already marked, not scanned since
    await this.d.pilots
      .markForScan(pilot.teamId, pilot.id, this.d.clock.now())
      .catch((err: unknown) =>
        this.d.logger.warn({ err, pilotId: pilot.id }, 'pilot not marked for the purgatory scan'),
      );
  }

  private async renderCard(
    teamId: string,
    reviewId: string,
    markForScan: boolean,
    context?: Pick<ReviewContext, 'pilot' | 'review'>,
  ): Promise<void> {
    const review = context?.review ?? (await this.d.reviews.byId(teamId, reviewId));
    if (!review) return;
    const pilot = context?.pilot ?? (await this.d.pilots.byId(teamId, review.pilotId));
    if (!pilot) return;
    // The schema stores an empty `card: {}` until the card is posted, so look for its ts.
    let planItems: PlanItem[] | undefined;
    if (!review.card?.ts) {
      await this.postCard(pilot, review);
    } else {
      planItems = mayHavePlanItems(review) ? await this.d.reviews.planItems(teamId, reviewId) : [];
      const card = await this.cardOf(pilot, review, planItems);
      await this.d.notifier.update(teamId, review.card.channel, review.card.ts, card);
    }
    if (markForScan) await this.markForScan(pilot);
    this.noteRendered(`${teamId}:${reviewId}`, review);
    this.d.afterCardRender?.(pilot, reviewId, planItems);
  }
}

/**
 * How far a review has moved on: its snapshot sequence, decisions and rounds only ever grow, so a copy
 * with a smaller sum is older than one with a larger.
 */
export const reviewVersion = (r: Pick<Review, 'snapshotSeq' | 'decisionCount' | 'round'>): number =>
  (r.snapshotSeq ?? 0) + (r.decisionCount ?? 0) + (r.round ?? 0);

/** Reviews whose last rendered version is remembered; past this the memory starts over (a read then). */
const RENDERED_VERSIONS_MAX = 10_000;

const toStored = (s: StoredSignalStatus): StoredSignalStatus => ({
  signal: s.signal as SignalId,
  status: s.status,
  reasons: s.reasons,
  awaiting: s.awaiting,
  ...(s.disagreement ? { disagreement: s.disagreement } : {}),
});

/** The gate admin's exception recorded with the registration: its own event, by the admin, with the reason. */
function separationEvents(pilot: Pilot, base: { teamId: string; reviewId: string; at: Date; actor: string }) {
  const e = pilot.separationException;
  if (!e) return [];
  return [
    {
      ...base,
      actor: e.recordedBy,
      type: 'separation.exception_recorded',
      subject: 'separation of duties',
      before: null,
      after: { reason: e.reason, rules: e.rules, roles: e.roles },
    },
  ];
}

const registrationFacts = (p: Pilot) => ({
  name: p.name,
  useCase: p.useCase,
  businessUnit: p.businessUnit,
  plannedKpiValidationDate: p.plannedKpiValidationDate,
  kpis: p.kpis,
  killCriteria: p.killCriteria,
  scaleCriteria: p.scaleCriteria,
  regulated: p.regulated,
  channelId: p.channelId,
});
