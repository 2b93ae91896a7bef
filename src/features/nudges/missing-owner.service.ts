import type { Cadence } from '../../config/settings.js';
import { nextAllowedTime } from '../../core/quiet-hours.domain.js';
import { type ItemRunSummary, installedWorkspaces } from '../../jobs/for-each-item.js';
import { forEachItemPerWorkspace } from '../../jobs/for-each-item-per-workspace.js';
import { sendWithRetry } from '../../jobs/send-with-retry.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { localDay } from '../../shared/time.js';
import type { Notifier } from '../../slack/notifier.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import type { ManifestProvider } from '../reviews/manifest-provider.js';
import type { ReviewStore } from '../reviews/review.port.js';
import { currentAnswers } from '../reviews/rounds.domain.js';
import { missingOwners, type OwnerGap } from './missing-owner.domain.js';
import { missingOwnerMessage } from './missing-owner.views.js';
import type { OpenReviewsRepo, PilotWithReview } from './open-reviews.repo.js';

export interface MissingOwnerDeps {
  reviews: ReviewStore;
  openReviews: OpenReviewsRepo;
  deliveries: DeliveryStore;
  notifier: Notifier;
  manifests: ManifestProvider;
  clock: Clock;
  logger: Logger;
  cadenceFor(teamId: string): Promise<Cadence>;
  isInstalled(teamId: string): Promise<boolean>;
}

const JOB = 'owners.check';

/** Tells the sponsor (or the pilot's creator) once a day, in their time zone, while a review lacks an owner. */
export class MissingOwnerService {
  constructor(private readonly d: MissingOwnerDeps) {}

  /** Reviews of different workspaces are checked side by side (SWEEP_FAN_OUT): one workspace's 429s delay only its own. */
  async sweep(): Promise<ItemRunSummary> {
    const installed = installedWorkspaces(JOB, (teamId) => this.d.isInstalled(teamId), this.d.logger);
    return forEachItemPerWorkspace(
      JOB,
      this.d.openReviews.inStages(['in_review']),
      { idOf: (item) => item.review.id, teamOf: (item) => item.pilot.teamId },
      async (item) => {
        if (await installed(item.pilot.teamId)) await this.check(item);
      },
      this.d.logger,
    );
  }

  /** Returns the gaps found (empty when the review has its owners or is decided). */
  async check({ pilot, review }: PilotWithReview): Promise<OwnerGap[]> {
    if (review.decidedRound >= review.round) return [];
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const history = await this.d.reviews.answerHistory(pilot.teamId, review.id);
    const gaps = missingOwners({
      stakeholders: pilot.stakeholders,
      questionnaires: manifest.questionnaires,
      answers: currentAnswers(review, history),
      regulated: pilot.regulated,
    });
    if (gaps.length === 0) return gaps;
    const recipient = pilot.stakeholders.executive_sponsor || pilot.createdBy;
    const now = this.d.clock.now();
    const profile = await this.d.notifier
      .userProfile(pilot.teamId, recipient)
      .catch(() => ({ tz: 'UTC', tzOffsetSeconds: 0 }));
    const cadence = await this.d.cadenceFor(pilot.teamId);
    // Quiet hours: a later sweep the same (local) day sends it.
    if (nextAllowedTime(cadence.quietHours, now, profile.tzOffsetSeconds) > now) return gaps;
    const key = `owners:${review.id}:${localDay(now, profile.tz)}`;
    const message = missingOwnerMessage({ pilot, reviewId: review.id, gaps });
    await this.d.deliveries.once(key, pilot.teamId, now, () =>
      sendWithRetry({ job: JOB, key }, () => this.d.notifier.dm(pilot.teamId, recipient, message), this.d.logger),
    );
    return gaps;
  }
}
