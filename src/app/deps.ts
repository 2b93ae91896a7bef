import slackWebApi from '@slack/web-api';
import type { Cadence, Settings } from '../config/settings.js';
import type { ManifestSet } from '../core/manifest.domain.js';
import { AuditRepo } from '../features/audit/audit.repo.js';
import { DecisionService } from '../features/decisions/decision.service.js';
import { DeliveryRepo } from '../features/delivery/delivery.repo.js';
import { GapClosureService } from '../features/gap-closure/gap-closure.service.js';
import { HomeRepo } from '../features/home/home.repo.js';
import { HomeService } from '../features/home/home.service.js';
import { EnvBot } from '../features/install/env-bot.js';
import { InstallationRepo } from '../features/install/installation.repo.js';
import { WorkspaceAuth } from '../features/install/workspace-auth.js';
import type { PilotDeleteRepo } from '../features/lifecycle/pilot-delete.repo.js';
import type { TeamDataOwners } from '../features/lifecycle/team-purge.repo.js';
import { WorkspaceLifecycleRepo } from '../features/lifecycle/workspace-lifecycle.repo.js';
import { PilotRepo } from '../features/pilots/pilot.repo.js';
import { PilotService } from '../features/pilots/pilot.service.js';
import { PilotAudience } from '../features/pilots/pilot-audience.service.js';
import { QuestionnaireService } from '../features/questionnaires/questionnaire.service.js';
import { QuestionnaireDraftRepo } from '../features/questionnaires/questionnaire-draft.repo.js';
import { ManifestProvider } from '../features/reviews/manifest-provider.js';
import { PlanItemRepo } from '../features/reviews/plan-item.repo.js';
import { ReviewRepo } from '../features/reviews/review.repo.js';
import { ReviewService } from '../features/reviews/review.service.js';
import { ReviewDetailsService } from '../features/reviews/review-details.service.js';
import { effectiveCadence } from '../features/settings/workspace-settings.domain.js';
import { WorkspaceSettingsRepo } from '../features/settings/workspace-settings.repo.js';
import type { JobQueue } from '../jobs/job-definition.js';
import { Metrics } from '../metrics/metrics.js';
import { AfterAckQueue } from '../shared/after-ack-queue.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { type Notifier, SlackNotifier } from '../slack/notifier.js';
import { SlackClients, type TokenResolver } from '../slack/slack-clients.js';
import { pilotDeletion, teamDataOwners } from './team-data-owners.js';

/** Everything listeners and jobs need, built once in the composition root. */
export interface Deps {
  settings: Settings;
  logger: Logger;
  clock: Clock;
  clients: SlackClients;
  notifier: Notifier;
  manifests: ManifestProvider;
  repos: {
    pilots: PilotRepo;
    reviews: ReviewRepo;
    /** Gap-closure plan items (also reached through the review repository's plan-item methods). */
    planItems: PlanItemRepo;
    audit: AuditRepo;
    workspaceSettings: WorkspaceSettingsRepo;
    /** Exactly-once delivery of scheduled messages (unique dedupe key per message). */
    deliveries: DeliveryRepo;
    /** Uninstalled workspaces waiting out UNINSTALL_RETENTION before their data is deleted. */
    lifecycle: WorkspaceLifecycleRepo;
  };
  services: {
    pilots: PilotService;
    reviews: ReviewService;
    /** Each person's App Home: what they owe, their pilots, the workspace portfolio. */
    home: HomeService;
    /** The sponsor's decision: modal content, rules, stage moves, the channel message. */
    decisions: DecisionService;
    /** Gap-closure plan items and the re-review round when a plan is complete. */
    gapClosure: GapClosureService;
    /** Answering questionnaires: drafts, saves, card and disagreement threads. */
    questionnaires: QuestionnaireService;
    /** The card's read-only Details modal. */
    reviewDetails: ReviewDetailsService;
    /** Who may see which pilot: private channels' pilots only to insiders and channel members. */
    audience: PilotAudience;
  };
  /** Follow-up work of answered requests (statuses, cards), a few at a time so acks go first. */
  afterAck: AfterAckQueue;
  /** Gate admins: the workspace's own list, plus GATE_ADMINS in the env token's workspace only. */
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
  /** GATE_ADMINS where it applies: the env token's workspace; elsewhere nobody. */
  envGateAdmins(teamId: string): Promise<string[]>;
  /** The cadence in force for a workspace: its overrides over the environment defaults. */
  cadenceFor(teamId: string): Promise<Cadence>;
  /** Enqueues on-demand agenda jobs (src/jobs/registry.ts); any worker runs them. */
  jobs: JobQueue;
  /** Which bot acts in a workspace (installation store, then SLACK_BOT_TOKEN); uninstall. */
  auth: WorkspaceAuth;
  /** False once a workspace uninstalled PilotGate: jobs skip such teams. */
  isInstalled(teamId: string, enterpriseId?: string): Promise<boolean>;
  /** Prometheus counters (GET /metrics when METRICS=on). */
  metrics: Metrics;
  /** The owners of a workspace's collections, for the purge after an uninstall (team-purge.repo.ts). */
  teamData: TeamDataOwners;
  /** Deleting one pilot's data (/gate delete), through the owners of its documents. */
  pilotData: PilotDeleteRepo;
}

/** Until the scheduler is wired (unit tests building deps by hand), enqueueing says so loudly. */
const unwiredJobs: JobQueue = {
  enqueue: async (name) => {
    throw new Error(`cannot enqueue ${name}: no job scheduler is wired into these deps`);
  },
};

/** Follow-up tasks at once per process: enough to keep up, few enough that acks never queue behind them. */
const AFTER_ACK_CONCURRENCY = 2;

export function buildDeps(input: {
  settings: Settings;
  logger: Logger;
  clock: Clock;
  manifests: ManifestSet;
  resolveToken: TokenResolver;
  jobs?: JobQueue;
  auth?: WorkspaceAuth;
  metrics?: Metrics;
}): Deps {
  const { settings, logger, clock } = input;
  const metrics = input.metrics ?? new Metrics();
  const clients = new SlackClients(input.resolveToken, {
    ...(settings.slack.apiUrl ? { slackApiUrl: settings.slack.apiUrl } : {}),
    // Tests must not wait minutes on a retried 5xx; 429s still wait their Retry-After either way.
    // (Under plain Node ESM only the default import exposes retryPolicies.)
    ...(settings.nodeEnv === 'test' ? { retryConfig: slackWebApi.retryPolicies.rapidRetryPolicy } : {}),
    // The Web API client's own warnings ("http request failed") go to our structured log, not the console.
    logger: boltLogger(logger),
    onCall: (method, outcome) => metrics.slackCall(method, outcome),
  });
  const notifier = new SlackNotifier(clients);
  // Deps built by hand (no start-up auth.test): the env token serves every team, GATE_ADMINS none.
  const envBot = settings.slack.botToken ? new EnvBot(settings.slack.botToken, null, async () => null) : undefined;
  const auth = input.auth ?? new WorkspaceAuth(null, envBot, logger, () => clock.now());
  const pilots = new PilotRepo();
  const planItems = new PlanItemRepo();
  const reviews = new ReviewRepo(planItems);
  const audit = new AuditRepo(undefined, {
    ...(settings.auditHmacKey ? { hmacKey: settings.auditHmacKey } : {}),
    onHeadError: (err, chainId) =>
      logger.error(
        { err, chainId },
        'audit event appended but its chain head was not recorded; the next append records it',
      ),
  });
  const workspaceSettings = new WorkspaceSettingsRepo();
  const manifests = new ManifestProvider(input.manifests, reviews);
  // Nobody is an admin of a workspace they do not belong to: GATE_ADMINS names people of one workspace.
  const envGateAdmins = async (teamId: string) =>
    settings.gateAdmins.length > 0 && (await auth.envTeamId()) === teamId ? settings.gateAdmins : [];
  const isGateAdmin = async (teamId: string, userId: string) =>
    (await workspaceSettings.get(teamId)).gateAdmins.includes(userId) || (await envGateAdmins(teamId)).includes(userId);
  const audience = new PilotAudience({
    clients,
    logger,
    isGateAdmin,
    savePrivacy: async (teamId, pilotId, channelPrivate) => {
      await pilots.update(teamId, pilotId, { channelPrivate });
    },
  });
  const home = new HomeService({
    pilots,
    reviews,
    home: new HomeRepo(planItems),
    notifier,
    clients,
    clock,
    logger,
    audience,
  });
  const deliveries = new DeliveryRepo(undefined, metrics);
  const reviewService = new ReviewService({
    pilots,
    reviews,
    audit,
    manifests,
    notifier,
    deliveries,
    clock,
    logger,
    answerWindowMs: () => settings.cadence.nudgeFirstAfterMs,
    afterCardRender: (pilot, reviewId) => void home.refreshForPilot(pilot, reviewId),
  });
  const questionnaires = new QuestionnaireService({
    pilots,
    reviews,
    audit,
    drafts: new QuestionnaireDraftRepo(),
    deliveries,
    manifests,
    reviewService,
    notifier,
    clock,
    logger,
  });
  return {
    settings,
    logger,
    clock,
    clients,
    notifier,
    manifests,
    afterAck: new AfterAckQueue(AFTER_ACK_CONCURRENCY, (err, key) =>
      logger.warn({ err, key }, 'follow-up work failed after the ack'),
    ),
    repos: {
      pilots,
      reviews,
      planItems,
      audit,
      workspaceSettings,
      deliveries,
      // The presence check needs no token key: the repository is built without one here.
      lifecycle: new WorkspaceLifecycleRepo(new InstallationRepo(null)),
    },
    services: {
      pilots: new PilotService(pilots),
      reviews: reviewService,
      home,
      decisions: new DecisionService({
        pilots,
        reviews,
        audit,
        manifests,
        notifier,
        clock,
        logger,
        refreshCard: (teamId, reviewId) => reviewService.refreshCard(teamId, reviewId),
        isGateAdmin,
        canSee: (pilot, userId) => audience.session(pilot.teamId).canSee(pilot, userId),
      }),
      gapClosure: new GapClosureService({
        pilots,
        reviews,
        audit,
        manifests,
        reviewService,
        clock,
        logger,
        isGateAdmin,
      }),
      questionnaires,
      reviewDetails: new ReviewDetailsService({ pilots, reviews, manifests, audience }),
      audience,
    },
    isGateAdmin,
    envGateAdmins,
    cadenceFor: async (teamId) => effectiveCadence(settings.cadence, (await workspaceSettings.get(teamId)).overrides),
    jobs: input.jobs ?? unwiredJobs,
    auth,
    isInstalled: (teamId, enterpriseId) => auth.isInstalled(teamId, enterpriseId),
    metrics,
    teamData: teamDataOwners(),
    pilotData: pilotDeletion(),
  };
}
