import type { Cadence } from '../../config/settings.js';
import { ROLE_LABELS, type RoleId, SIGNAL_IDS } from '../../core/catalog.domain.js';
import type { ManifestSet } from '../../core/manifest.domain.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import type { Notifier, OutgoingMessage } from '../../slack/notifier.js';
import type { AuditInput, AuditTrail } from '../audit/audit.port.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import {
  confirmationTimes,
  type StaleConfirmation,
  staleConfirmations,
  withStaleConfirmations,
} from './confirmation-expiry.domain.js';
import { appendMissing } from './follow-up-audit.js';
import type { ManifestProvider } from './manifest-provider.js';
import type { ReconfirmToken } from './reconfirm.schema.js';
import { reconfirmDone, reconfirmNotNeeded, reconfirmRequest } from './reconfirm.views.js';
import type { ReviewStore } from './review.port.js';
import type { Review, StoredAnswer } from './review.types.js';
import type { ReviewContext } from './review-context.js';

export interface ReconfirmServiceDeps {
  pilots: PilotStore;
  reviews: ReviewStore;
  audit: AuditTrail;
  manifests: ManifestProvider;
  notifier: Notifier;
  /** One DM per stale confirmation: its key names the confirmation, so a re-confirmed one starts over. */
  deliveries: Pick<DeliveryStore, 'once'>;
  clock: Clock;
  logger: Logger;
  cadenceFor(teamId: string): Promise<Pick<Cadence, 'confirmationValidForMs'>>;
  refreshCard(
    teamId: string,
    reviewId: string,
    opts?: { context?: Pick<ReviewContext, 'pilot' | 'review'> },
  ): Promise<void>;
}

/** The review's stale confirmations now, with the validity they were judged by and the review as it must be seen. */
export interface StaleState<R extends Pick<Review, 'statuses' | 'outcome'> = Review> {
  stale: StaleConfirmation[];
  validForMs: number;
  /** The review with the stale confirmations' signals pending (confirmation-expiry.domain). */
  review: R;
}

/** The DM of one stale period: the review, the role and the confirmation that went stale. */
export const reconfirmKey = (reviewId: string, s: StaleConfirmation) =>
  `reconfirm:${reviewId}:${s.role}:${s.confirmedAt.getTime()}`;

const assessorsIn = (manifest: ManifestSet) => (signal: (typeof SIGNAL_IDS)[number]) =>
  manifest.purview[signal]?.assessors ?? [];

/** What *Still true* did: re-stamped now, or nothing left to re-stamp; with the DM that replaces the request. */
export interface StillTrueOutcome {
  reaffirmed: boolean;
  message: OutgoingMessage;
}

/**
 * Confirmations expire: which are stale for a review (by the workspace's validity), the DM asking each
 * stale assessor to re-confirm (once per stale period), and *Still true*, which re-stamps the same answers.
 */
export class ReconfirmService {
  constructor(private readonly d: ReconfirmServiceDeps) {}

  /** Stale confirmations of the review now; `history` (its answers) dates reviews that predate recorded times. */
  async staleState(review: Review, manifest: ManifestSet, history: readonly StoredAnswer[] = []): Promise<StaleState> {
    const { confirmationValidForMs: validForMs } = await this.d.cadenceFor(review.teamId);
    const stale = staleConfirmations({
      answeredRoles: review.answeredRoles,
      confirmedAt: confirmationTimes(review, history),
      now: this.d.clock.now(),
      validForMs,
    });
    return { stale, validForMs, review: withStaleConfirmations(review, assessorsIn(manifest), stale) };
  }

  /**
   * Notes the stale confirmations on the review (the card shows them), then DMs each stale assessor once
   * per stale period (a delivery keyed by the confirmation; failures are logged). The review as marked.
   */
  async askToReconfirm(pilot: Pilot, review: Review, manifest: ManifestSet, state: StaleState): Promise<Review | null> {
    const marked = await this.d.reviews.markReconfirmAsked(pilot.teamId, review.id, state.stale);
    for (const s of state.stale) {
      const userId = pilot.stakeholders[s.role];
      const signals = SIGNAL_IDS.filter((signal) => assessorsIn(manifest)(signal).includes(s.role));
      const message = reconfirmRequest({
        pilot,
        reviewId: review.id,
        role: s.role,
        confirmedAt: s.confirmedAt,
        signals,
        validForMs: state.validForMs,
      });
      try {
        await this.d.deliveries.once(reconfirmKey(review.id, s), pilot.teamId, this.d.clock.now(), () =>
          this.d.notifier.dm(pilot.teamId, userId, message),
        );
      } catch (err) {
        this.d.logger.warn(
          { err, teamId: pilot.teamId, reviewId: review.id, role: s.role },
          'could not ask to re-confirm',
        );
      }
    }
    return marked;
  }

  /**
   * *Still true*: the same answers, confirmed now (one update of the review), an audit event
   * `confirmation.reaffirmed`, and the card refreshed. Only the role's holder may; a confirmation
   * re-stamped or answered anew since the DM leaves nothing to do.
   */
  async stillTrue(teamId: string, userId: string, token: ReconfirmToken): Promise<StillTrueOutcome> {
    const review = await this.d.reviews.byId(teamId, token.reviewId);
    const pilot = review ? await this.d.pilots.byId(teamId, review.pilotId) : null;
    if (!review || !pilot) throw new DomainError('not_found', 'That review no longer exists.');
    if (pilot.stakeholders[token.role] !== userId) {
      throw new DomainError(
        'forbidden',
        `Only the ${ROLE_LABELS[token.role].toLowerCase()} of *${escapeMrkdwn(pilot.name)}* can re-confirm those answers.`,
      );
    }
    const now = this.d.clock.now();
    const expected = new Date(token.confirmedAtMs);
    const written = await this.d.reviews.reaffirmConfirmation(
      teamId,
      review.id,
      { role: token.role, expected, actor: userId },
      now,
    );
    if (!written) {
      // A re-stamp whose event a failure left unwritten: this click appends it.
      await this.finishAudit(review, token.role);
      return { reaffirmed: false, message: reconfirmNotNeeded({ pilot, role: token.role }) };
    }
    await this.finishAudit(written, token.role);
    await this.d.refreshCard(teamId, review.id, { context: { pilot, review: written } }).catch((err: unknown) => {
      this.d.logger.warn({ err, teamId, reviewId: review.id }, 'card not refreshed after a re-confirmation');
    });
    return { reaffirmed: true, message: reconfirmDone({ pilot, role: token.role, at: now }) };
  }

  /** Appends the re-stamp's audit event unless the chain has it, then clears its marker. */
  private async finishAudit(review: Review, role: RoleId): Promise<void> {
    const pending = review.reaffirmAudit?.[role];
    if (!pending) return;
    const at = new Date(pending.at);
    const event: AuditInput = {
      teamId: review.teamId,
      reviewId: review.id,
      at,
      actor: pending.actor,
      type: 'confirmation.reaffirmed',
      subject: role,
      before: { confirmedAt: new Date(pending.before).toISOString() },
      after: { confirmedAt: at.toISOString() },
    };
    await appendMissing(this.d.audit, [event], true);
    await this.d.reviews.clearReaffirmAudit(review.teamId, review.id, role, at);
  }
}
