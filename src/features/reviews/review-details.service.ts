import { computeSignalStatuses } from '../../core/signal-status.domain.js';
import { DomainError } from '../../shared/errors.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { PilotAudience } from '../pilots/pilot-audience.service.js';
import type { ManifestProvider } from './manifest-provider.js';
import type { ReviewStore } from './review.port.js';
import type { PlanItem, RecordedDecision } from './review.types.js';
import { businessCaseAnswers, type ReviewDetails } from './review-details.domain.js';
import { currentAnswers } from './rounds.domain.js';
import { signalEvidence } from './signal-evidence.domain.js';

/** Reads everything the read-only Details modal shows; scoped by team like every query. */
export class ReviewDetailsService {
  constructor(
    private readonly d: {
      pilots: PilotStore;
      reviews: ReviewStore;
      manifests: ManifestProvider;
      audience: Pick<PilotAudience, 'session'>;
    },
  ) {}

  /** The review's last decision with its plan items, for *View decision*; scoped and checked like the details. */
  async decisionRecord(
    teamId: string,
    reviewId: string,
    userId: string,
  ): Promise<{ pilot: Pilot; decision: RecordedDecision; planItems: PlanItem[] }> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const found = review ? await this.d.pilots.byId(teamId, review.pilotId) : null;
    const pilot = found && (await this.d.audience.session(teamId).canSee(found, userId)) ? found : null;
    if (!review || !pilot) throw new DomainError('not_found', 'I can’t find that gate review in this workspace.');
    const decision = review.decisions.at(-1);
    if (!decision) throw new DomainError('not_found', 'No decision is recorded on this review yet.');
    const planItems = decision.decision === 'gap_closure' ? await this.d.reviews.planItems(teamId, reviewId) : [];
    return { pilot, decision, planItems };
  }

  /** The details `userId` asked for; a pilot they may not see (private channel) is answered as not found. */
  async details(teamId: string, reviewId: string, userId: string): Promise<ReviewDetails> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const found = review ? await this.d.pilots.byId(teamId, review.pilotId) : null;
    const pilot = found && (await this.d.audience.session(teamId).canSee(found, userId)) ? found : null;
    if (!review || !pilot) throw new DomainError('not_found', 'I can’t find that gate review in this workspace.');
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const history = await this.d.reviews.answerHistory(teamId, reviewId);
    const answers = currentAnswers(review, history);
    return {
      pilot,
      review,
      signals: computeSignalStatuses({ manifest, answers, pilot: { regulated: pilot.regulated } }),
      businessCase: businessCaseAnswers(manifest, answers),
      evidence: signalEvidence(answers),
    };
  }
}
