import type { Cadence } from '../../config/settings.js';
import { ROLE_IDS, SIGNAL_IDS } from '../../core/catalog.domain.js';
import { nextAllowedTime } from '../../core/quiet-hours.domain.js';
import { forEachItem, type ItemRunSummary, installedWorkspaces } from '../../jobs/for-each-item.js';
import { forEachItemPerWorkspace } from '../../jobs/for-each-item-per-workspace.js';
import { sendWithRetry } from '../../jobs/send-with-retry.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { formatLocal } from '../../shared/time.js';
import type { Notifier, UserProfile } from '../../slack/notifier.js';
import type { AuditTrail } from '../audit/audit.port.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { ManifestProvider } from '../reviews/manifest-provider.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { Review } from '../reviews/review.types.js';
import {
  isCollecting,
  type NudgeRecord,
  nextDueAt,
  nudgeDecision,
  type OwedRecipient,
  owedRecipients,
  pendingEscalations,
  type ReviewNudgeState,
} from './nudge.policy.js';
import type { NudgeRepo } from './nudge.repo.js';
import type { SnoozeTarget } from './nudge.schema.js';
import { escalationMessage, nudgeMessage } from './nudge.views.js';
import type { OpenReviewsRepo, PilotWithReview } from './open-reviews.repo.js';

export interface NudgeServiceDeps {
  pilots: PilotStore;
  reviews: ReviewStore;
  nudges: NudgeRepo;
  openReviews: OpenReviewsRepo;
  deliveries: DeliveryStore;
  notifier: Notifier;
  manifests: ManifestProvider;
  audit: AuditTrail;
  clock: Clock;
  logger: Logger;
  cadenceFor(teamId: string): Promise<Cadence>;
  /** Slack presence (users.getPresence): an away holder's nudges go to their deputy. */
  presence(teamId: string, userId: string): Promise<'active' | 'away'>;
  isInstalled(teamId: string): Promise<boolean>;
}

const JOB = 'nudges.sweep';

/** A review being worked on: its pilot, the stored review and what the policy sees of it. */
interface ReviewContext {
  pilot: Pilot;
  review: Review;
  state: ReviewNudgeState;
}

/** Chases missing answers: scheduled nudges, escalation to the sponsor, `/gate remind`, snoozes. */
export class NudgeService {
  constructor(private readonly d: NudgeServiceDeps) {}

  /**
   * One pass over every review in collection, in every installed workspace; one bad review never stops the rest.
   * Reviews of different workspaces are nudged side by side (SWEEP_FAN_OUT): one workspace's 429s delay only its own.
   */
  async sweep(): Promise<ItemRunSummary> {
    const installed = installedWorkspaces(JOB, (teamId) => this.d.isInstalled(teamId), this.d.logger);
    return forEachItemPerWorkspace(
      JOB,
      this.d.openReviews.inStages(['in_review']),
      { idOf: (item) => item.review.id, teamOf: (item) => item.pilot.teamId },
      async (item) => {
        if (await installed(item.pilot.teamId)) await this.nudgeReview(item, false);
      },
      this.d.logger,
    );
  }

  /** `/gate remind`: nudges everyone who owes answers now, whatever the cadence. Returns how many were nudged. */
  async remindNow(teamId: string, reviewId: string, by: string): Promise<number> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const pilot = review && (await this.d.pilots.byId(teamId, review.pilotId));
    if (!review || !pilot) return 0;
    this.d.logger.info({ teamId, reviewId, by }, 'manual reminder');
    return this.nudgeReview({ pilot, review }, true);
  }

  /** The name of the review's pilot, for the words around a snooze; "this pilot" when it is gone. */
  async pilotNameOf(teamId: string, reviewId: string): Promise<string> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const pilot = review && (await this.d.pilots.byId(teamId, review.pilotId));
    return pilot?.name ?? 'this pilot';
  }

  /** Silences the user's nudges for this review's round until `until`; the audit trail keeps it. */
  async snooze(teamId: string, target: SnoozeTarget, userId: string, until: Date): Promise<Review | null> {
    const review = await this.d.reviews.byId(teamId, target.reviewId);
    if (!review) return null;
    const before = await this.d.nudges.snooze({ teamId, reviewId: review.id, round: target.round, userId }, until);
    await this.d.audit.append({
      teamId,
      reviewId: review.id,
      at: this.d.clock.now(),
      actor: userId,
      type: 'nudge.snoozed',
      subject: userId,
      before: before ? before.toISOString() : null,
      after: until.toISOString(),
    });
    return review;
  }

  private async nudgeReview(item: PilotWithReview, manual: boolean): Promise<number> {
    const { pilot, review } = item;
    const state = await this.stateOf(pilot, review);
    if (!isCollecting(state)) return 0;
    const ctx: ReviewContext = { pilot, review, state };
    const cadence = await this.d.cadenceFor(pilot.teamId);
    const history = await this.d.nudges.forRound(pilot.teamId, review.id, review.round);
    let sent = 0;
    await forEachItem(
      JOB,
      owedRecipients(state),
      (owed) => `${review.id}:${owed.userId}`,
      async (owed) => {
        if (await this.nudgeOne(ctx, owed, history, cadence, manual)) sent++;
      },
      this.d.logger,
    );
    await this.escalate(ctx, cadence);
    return sent;
  }

  private async nudgeOne(
    ctx: ReviewContext,
    owed: OwedRecipient,
    history: NudgeRecord[],
    cadence: Cadence,
    manual: boolean,
  ): Promise<boolean> {
    const { pilot, state } = ctx;
    const now = this.d.clock.now();
    const record = history.find((h) => h.userId === owed.userId);
    // Most recipients are not due: decide that before asking Slack for their time zone.
    if (!manual && now < nextDueAt(state.roundStartedAt, record, cadence)) return false;
    const profile = await this.profile(pilot.teamId, owed.userId);
    const decision = manual
      ? { kind: 'due' as const, n: (record?.count ?? 0) + 1 }
      : nudgeDecision({
          roundStartedAt: state.roundStartedAt,
          record,
          cadence,
          now,
          tzOffsetSeconds: profile.tzOffsetSeconds,
        });
    if (decision.kind !== 'due') return false;
    return this.sendNudge(ctx, owed, decision.n, profile);
  }

  private async sendNudge(ctx: ReviewContext, owed: OwedRecipient, n: number, profile: UserProfile) {
    const { pilot, state } = ctx;
    const now = this.d.clock.now();
    const key = `nudge:${state.reviewId}:r${state.round}:${owed.userId}:${n}`;
    const manifest = await this.d.manifests.get(ctx.review.manifestVersion);
    const signals = SIGNAL_IDS.filter((s) => owed.roles.some((r) => manifest.purview[s].assessors.includes(r)));
    const message = nudgeMessage({
      pilot,
      reviewId: state.reviewId,
      round: state.round,
      roles: owed.roles,
      signals,
      standingInFor: owed.standingInFor,
      owedSinceText: formatLocal(state.roundStartedAt, profile.tz),
      n,
    });
    const outcome = await this.d.deliveries.once(key, pilot.teamId, now, () =>
      sendWithRetry({ job: JOB, key }, () => this.d.notifier.dm(pilot.teamId, owed.userId, message), this.d.logger),
    );
    // Another worker is sending this very nudge: leave the count to it.
    if (outcome.status === 'duplicate' && !(await this.d.deliveries.wasSent(key))) return false;
    const nudgeKey = { teamId: pilot.teamId, reviewId: state.reviewId, round: state.round, userId: owed.userId };
    await this.d.nudges.recordSent(nudgeKey, n, now);
    if (outcome.status !== 'sent') return false;
    await this.auditHandOver(pilot, state, owed, now);
    return true;
  }

  private async escalate({ pilot, state }: ReviewContext, cadence: Cadence): Promise<void> {
    const history = await this.d.nudges.forRound(pilot.teamId, state.reviewId, state.round);
    const pending = pendingEscalations(state, history, cadence.escalateAfterNudges);
    if (pending.length === 0) return;
    const sponsor = pilot.stakeholders.executive_sponsor || pilot.createdBy;
    const now = this.d.clock.now();
    const profile = await this.profile(pilot.teamId, sponsor);
    // Inside the sponsor's quiet hours: the escalation stays pending for a later sweep.
    if (nextAllowedTime(cadence.quietHours, now, profile.tzOffsetSeconds) > now) return;
    const signature = pending.map((p) => `${p.userId}@${p.milestone}`).sort();
    const key = `escalate:${state.reviewId}:r${state.round}:${signature.join(',')}`;
    const message = escalationMessage({
      pilot,
      late: pending,
      owedSinceText: formatLocal(state.roundStartedAt, profile.tz),
    });
    const outcome = await this.d.deliveries.once(key, pilot.teamId, now, () =>
      sendWithRetry({ job: JOB, key }, () => this.d.notifier.dm(pilot.teamId, sponsor, message), this.d.logger),
    );
    if (outcome.status === 'duplicate' && !(await this.d.deliveries.wasSent(key))) return;
    for (const p of pending) {
      const nudgeKey = { teamId: pilot.teamId, reviewId: state.reviewId, round: state.round, userId: p.userId };
      await this.d.nudges.recordEscalated(nudgeKey, p.milestone);
    }
  }

  private async auditHandOver(pilot: Pilot, state: ReviewNudgeState, owed: OwedRecipient, at: Date): Promise<void> {
    for (const [role, holder] of Object.entries(owed.standingInFor)) {
      await this.d.audit.append({
        teamId: pilot.teamId,
        reviewId: state.reviewId,
        at,
        actor: 'pilotgate',
        type: 'nudge.handed_over',
        subject: role,
        before: holder,
        after: owed.userId,
      });
    }
  }

  private async stateOf(pilot: Pilot, review: Review): Promise<ReviewNudgeState> {
    const round = review.rounds.find((r) => r.n === review.round);
    const required = round?.requiredRoles ?? [...ROLE_IDS];
    const owedRoles = required.filter((r) => !review.answeredRoles.includes(r));
    const deputies = pilot.deputies ?? {};
    const holdersWithDeputy = owedRoles.filter((r) => deputies[r]).map((r) => pilot.stakeholders[r]);
    const awayUsers: string[] = [];
    for (const holder of new Set(holdersWithDeputy)) {
      if ((await this.d.presence(pilot.teamId, holder)) === 'away') awayUsers.push(holder);
    }
    return {
      reviewId: review.id,
      round: review.round,
      roundStartedAt: round?.startedAt ?? review.openedAt,
      owedRoles,
      stakeholders: pilot.stakeholders,
      deputies,
      awayUsers,
      stage: pilot.stage,
      decidedRound: review.decidedRound,
    };
  }

  /** users.info (cached by the notifier); an unknown user is treated as UTC rather than never nudged. */
  private async profile(teamId: string, userId: string): Promise<UserProfile> {
    try {
      return await this.d.notifier.userProfile(teamId, userId);
    } catch (err) {
      this.d.logger.warn({ err, teamId, userId }, 'users.info failed; assuming UTC for quiet hours');
      return { id: userId, tz: 'UTC', tzOffsetSeconds: 0, name: userId };
    }
  }
}
