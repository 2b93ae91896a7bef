/**
 * The review services wired by hand against the real test database (no Slack app): for integration
 * and property tests that drive the services directly. The notifier records what would reach Slack.
 */
import type { Deps } from '../../src/app/deps.js';
import type { Answers } from '../../src/core/answers.domain.js';
import { ROLE_IDS, type RoleId } from '../../src/core/catalog.domain.js';
import { AuditRepo } from '../../src/features/audit/audit.repo.js';
import type { DecisionDraft } from '../../src/features/decisions/decision.domain.js';
import { DecisionService, type RecordCommand } from '../../src/features/decisions/decision.service.js';
import { DeliveryRepo } from '../../src/features/delivery/delivery.repo.js';
import { GapClosureService } from '../../src/features/gap-closure/gap-closure.service.js';
import { PilotRepo } from '../../src/features/pilots/pilot.repo.js';
import type { Pilot } from '../../src/features/pilots/pilot.types.js';
import { QuestionnaireService } from '../../src/features/questionnaires/questionnaire.service.js';
import { QuestionnaireDraftRepo } from '../../src/features/questionnaires/questionnaire-draft.repo.js';
import { ManifestProvider } from '../../src/features/reviews/manifest-provider.js';
import { PlanItemRepo } from '../../src/features/reviews/plan-item.repo.js';
import { ReviewRepo } from '../../src/features/reviews/review.repo.js';
import { ReviewService } from '../../src/features/reviews/review.service.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import type { Notifier, OutgoingMessage } from '../../src/slack/notifier.js';
import { defaultManifest, goodAnswers } from '../unit/core/manifest.fixture.js';

/** The Notifier port, recording what would reach Slack. */
export class RecordingNotifier implements Notifier {
  readonly dms: { userId: string; msg: OutgoingMessage }[] = [];
  readonly posts: { channel: string; msg: OutgoingMessage; threadTs?: string }[] = [];
  private seq = 0;
  async post(_team: string, channel: string, msg: OutgoingMessage, threadTs?: string) {
    this.posts.push({ channel, msg, ...(threadTs ? { threadTs } : {}) });
    return { channel, ts: `1.${++this.seq}` };
  }
  async update() {}
  async dm(_team: string, userId: string, msg: OutgoingMessage) {
    this.dms.push({ userId, msg });
    return { channel: `D-${userId}`, ts: `2.${++this.seq}` };
  }
  async ephemeral() {}
  async userProfile(_team: string, id: string) {
    return { id, tz: 'UTC', tzOffsetSeconds: 0, name: id };
  }
}

export const PEOPLE: Record<RoleId, string> = {
  executive_sponsor: 'U1',
  operational_lead: 'U2',
  technology_lead: 'U3',
  governance_lead: 'U4',
  change_lead: 'U5',
};

export function serviceWorld(team = 'T0INT') {
  const manifest = defaultManifest();
  const clock = new ManualClock(new Date('2026-11-25T12:00:00Z'));
  const notifier = new RecordingNotifier();
  const pilots = new PilotRepo();
  const planItems = new PlanItemRepo();
  const reviews = new ReviewRepo(planItems);
  const audit = new AuditRepo();
  const manifests = new ManifestProvider(manifest, reviews);
  const logger = createLogger('silent');
  const isGateAdmin = async (_team: string, user: string) => user === 'UADMIN';
  const reviewService = new ReviewService({
    pilots,
    reviews,
    audit,
    manifests,
    notifier,
    deliveries: new DeliveryRepo(),
    clock,
    logger,
    answerWindowMs: () => 86_400_000,
  });
  const decisions = new DecisionService({
    pilots,
    reviews,
    audit,
    manifests,
    notifier,
    clock,
    logger,
    refreshCard: (t, r) => reviewService.refreshCard(t, r),
    isGateAdmin,
    canSee: async () => true, // public channels only here
  });
  const gapClosure = new GapClosureService({
    pilots,
    reviews,
    audit,
    manifests,
    reviewService,
    clock,
    logger,
    isGateAdmin,
  });

  const questionnaires = new QuestionnaireService({
    pilots,
    reviews,
    audit,
    drafts: new QuestionnaireDraftRepo(),
    deliveries: new DeliveryRepo(),
    manifests,
    reviewService,
    notifier,
    clock,
    logger,
  });

  /** Registers a pilot (stage registered, no review yet). */
  function createPilot(name: string): Promise<Pilot> {
    return pilots.create({
      teamId: team,
      channelId: 'C1',
      createdBy: 'U1',
      name,
      nameKey: name.toLowerCase(),
      useCase: 'u',
      businessUnit: 'b',
      plannedKpiValidationDate: '2027-01-01',
      kpis: [{ name: 'k', baseline: '1', target: '2' }],
      killCriteria: 'kill',
      scaleCriteria: 'scale',
      regulated: false,
      stakeholders: PEOPLE,
    });
  }

  /** Registers a pilot and opens its review. */
  async function openPilot(name: string): Promise<{ pilot: Pilot; reviewId: string }> {
    const pilot = await createPilot(name);
    const review = await reviewService.open(pilot, 'U1');
    return { pilot, reviewId: review.id };
  }

  /** `role`'s answers confirming everything, with `over` on top (e.g. an assessment set to conditional). */
  const answersOf = (role: RoleId, over: Record<string, string> = {}): Answers => ({
    ...goodAnswers(manifest.questionnaires[role]),
    ...over,
  });

  /** Saves every role's answers directly in the store for the review's current round, then recomputes. */
  async function answerAllStored(reviewId: string, overrides: Partial<Record<RoleId, Record<string, string>>> = {}) {
    const review = await reviews.byId(team, reviewId);
    for (const role of ROLE_IDS) {
      await reviews.saveAnswer({
        teamId: team,
        reviewId,
        round: review!.round,
        role,
        userId: PEOPLE[role],
        answers: answersOf(role, overrides[role]),
        submittedAt: clock.now(),
      });
    }
    return (await reviewService.recompute(team, reviewId, 'U1'))!;
  }

  const CONDITIONAL: Partial<Record<RoleId, Record<string, string>>> = {
    governance_lead: { governance_assessment: 'conditional' },
    change_lead: { adoption_assessment: 'conditional' },
  };

  const draft = (over: Partial<DecisionDraft> = {}): DecisionDraft => ({
    decision: 'gap_closure',
    reason: '',
    planItems: [
      { signal: 'governance', action: 'Test drift alerts', ownerId: 'UA', dueDate: '2026-12-15' },
      { signal: 'user_adoption', action: 'Train the AP team', ownerId: 'UB', dueDate: '2026-12-20', investment: 5000 },
    ],
    monitoring: { thresholds: {}, incidentDeciders: [], incidentNotes: '' },
    ...over,
  });

  const GOOD_MONITORING: DecisionDraft['monitoring'] = {
    thresholds: {
      model_output_quality: 'Accuracy below 92%',
      user_adoption_rate: 'Under 60% weekly',
      data_pipeline_reliability: 'More than 2 failed loads a week',
      escalation_volume: 'Over 30 a week',
    },
    incidentDeciders: ['U2'],
    incidentNotes: 'ops lead',
  };

  /** Records a decision as the sponsor for the review's current round. */
  async function decide(reviewId: string, d: Partial<DecisionDraft>, over: Partial<RecordCommand> = {}) {
    const review = await reviews.byId(team, reviewId);
    const full = draft(d);
    return decisions.record({
      teamId: team,
      reviewId,
      round: review!.round,
      userId: 'U1',
      draft: full,
      planSignals: full.planItems.map((i) => i.signal),
      today: '2026-11-25',
      ...over,
    });
  }

  return {
    team,
    manifest,
    clock,
    notifier,
    logger,
    repos: { pilots, reviews, planItems, audit },
    services: { reviews: reviewService, decisions, gapClosure, questionnaires },
    createPilot,
    openPilot,
    answersOf,
    answerAllStored,
    CONDITIONAL,
    draft,
    GOOD_MONITORING,
    decide,
  };
}

/** Enough of the app's Deps for the repair job to run against a service world. */
export function repairDeps(w: ReturnType<typeof serviceWorld>): Deps {
  // The world's workspace counts as installed, so the jobs act on it.
  const isInstalled = async () => true;
  return { clock: w.clock, logger: w.logger, repos: w.repos, services: w.services, isInstalled } as unknown as Deps;
}
