import slackWebApi from '@slack/web-api';
import type { Settings } from '../config/settings.js';
import type { ManifestSet } from '../core/manifest.domain.js';
import { AuditRepo } from '../features/audit/audit.repo.js';
import { GateCommandService } from '../features/commands/gate-command.service.js';
import { DecisionService } from '../features/decisions/decision.service.js';
import { DecisionRecordService } from '../features/decisions/decision-record.service.js';
import { DeliveryRepo } from '../features/delivery/delivery.repo.js';
import { DigestRepo } from '../features/digests/digest.repo.js';
import { DigestService } from '../features/digests/digest.service.js';
import { GapClosureService } from '../features/gap-closure/gap-closure.service.js';
import { ChannelIntroService } from '../features/home/channel-intro.service.js';
import { HomeRepo } from '../features/home/home.repo.js';
import { HomeService } from '../features/home/home.service.js';
import { EnvBot } from '../features/install/env-bot.js';
import { InstallationRepo } from '../features/install/installation.repo.js';
import { WorkspaceAuth } from '../features/install/workspace-auth.js';
import { PilotDeleteService } from '../features/lifecycle/pilot-delete.service.js';
import { WorkspaceLifecycleRepo } from '../features/lifecycle/workspace-lifecycle.repo.js';
import { WorkspacePurgeService } from '../features/lifecycle/workspace-purge.service.js';
import { MissingOwnerService } from '../features/nudges/missing-owner.service.js';
import { NudgeRepo } from '../features/nudges/nudge.repo.js';
import { NudgeService } from '../features/nudges/nudge.service.js';
import { OpenReviewsRepo } from '../features/nudges/open-reviews.repo.js';
import { PilotRepo } from '../features/pilots/pilot.repo.js';
import { PilotService } from '../features/pilots/pilot.service.js';
import { PilotAudience } from '../features/pilots/pilot-audience.service.js';
import { PlanReminderService } from '../features/plan-reminders/plan-reminder.service.js';
import { PurgatoryRepo } from '../features/purgatory/purgatory.repo.js';
import { PurgatoryService } from '../features/purgatory/purgatory.service.js';
import { QuestionnaireService } from '../features/questionnaires/questionnaire.service.js';
import { QuestionnaireDraftRepo } from '../features/questionnaires/questionnaire-draft.repo.js';
import { ManifestProvider } from '../features/reviews/manifest-provider.js';
import { PlanItemRepo } from '../features/reviews/plan-item.repo.js';
import { ReconfirmService } from '../features/reviews/reconfirm.service.js';
import { ReviewRepo } from '../features/reviews/review.repo.js';
import { ReviewService } from '../features/reviews/review.service.js';
import { ReviewDetailsService } from '../features/reviews/review-details.service.js';
import { ReviewRepairService } from '../features/reviews/review-repair.service.js';
import { RoleChangeService } from '../features/reviews/role-change.service.js';
import { Review90Repo } from '../features/reviews90/review90.repo.js';
import { Review90Service } from '../features/reviews90/review90.service.js';
import { SettingsService } from '../features/settings/settings.service.js';
import { effectiveCadence, effectiveSeparation } from '../features/settings/workspace-settings.domain.js';
import { WorkspaceSettingsRepo } from '../features/settings/workspace-settings.repo.js';
import { WorkflowStepService } from '../features/workflow-steps/workflow-step.service.js';
import type { JobQueue } from '../jobs/job-definition.js';
import { Metrics } from '../metrics/metrics.js';
import { AfterAckQueue } from '../shared/after-ack-queue.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { SlackFileUploads } from '../slack/file-uploads.js';
import { type Notifier, SlackNotifier } from '../slack/notifier.js';
import { SlackReplies } from '../slack/replies.js';
import { SlackClients, type TokenResolver } from '../slack/slack-clients.js';
import type { Composed, ComposedRepos, ComposedServices } from './composed.js';
import { pilotDeletion, teamDataOwners } from './team-data-owners.js';

export interface ComposeInput {
  settings: Settings;
  logger: Logger;
  clock: Clock;
  manifests: ManifestSet;
  resolveToken: TokenResolver;
  /** The agenda scheduler (the worker attaches the jobs to it after composing). */
  jobs?: JobQueue;
  auth?: WorkspaceAuth;
  metrics?: Metrics;
  /** Service tests without Slack pass a recording notifier; the app sends through the Web API. */
  notifier?: Notifier;
}

/** Everything but the services: what the service builders take. */
type Base = Omit<Composed, 'services'>;

/** Until the scheduler is wired (tests composing by hand), enqueueing says so loudly. */
const unwiredJobs: JobQueue = {
  enqueue: async (name) => {
    throw new Error(`cannot enqueue ${name}: no job scheduler is wired into this composition`);
  },
};

/** Follow-up tasks at once per process: enough to keep up, few enough that acks never queue behind them. */
const AFTER_ACK_CONCURRENCY = 2;

/**
 * The composition root: builds every repository and service once, each given what it uses. The HTTP
 * server, the worker and the service tests all compose through here.
 */
export function compose(input: ComposeInput): Composed {
  const { settings, logger, clock } = input;
  const metrics = input.metrics ?? new Metrics();
  const clients = slackClients(input, metrics);
  const auth = input.auth ?? handBuiltAuth(settings, logger, clock);
  const repos = buildRepos(settings, logger, metrics);
  const base: Base = {
    settings,
    logger,
    clock,
    clients,
    notifier: input.notifier ?? new SlackNotifier(clients),
    manifests: new ManifestProvider(input.manifests, repos.reviews),
    repos,
    afterAck: new AfterAckQueue(AFTER_ACK_CONCURRENCY, (err, key) =>
      logger.warn({ err, key }, 'follow-up work failed after the ack'),
    ),
    ...workspaceAccess(settings, auth, repos),
    jobs: input.jobs ?? unwiredJobs,
    auth,
    metrics,
  };
  const requests = buildRequestServices(base);
  const scheduled = buildScheduledServices(base, requests);
  return { ...base, services: { ...requests, ...scheduled, ...buildSlackServices(base, requests, scheduled) } };
}

function slackClients(input: ComposeInput, metrics: Metrics): SlackClients {
  const { settings, logger } = input;
  return new SlackClients(input.resolveToken, {
    ...(settings.slack.apiUrl ? { slackApiUrl: settings.slack.apiUrl } : {}),
    // Tests must not wait minutes on a retried 5xx; 429s still wait their Retry-After either way.
    // (Under plain Node ESM only the default import exposes retryPolicies.)
    ...(settings.nodeEnv === 'test' ? { retryConfig: slackWebApi.retryPolicies.rapidRetryPolicy } : {}),
    // The Web API client's own warnings ("http request failed") go to our structured log, not the console.
    logger: boltLogger(logger),
    onCall: (method, outcome) => metrics.slackCall(method, outcome),
  });
}

/** Composed by hand (no start-up auth.test): the env token serves every team, GATE_ADMINS none. */
function handBuiltAuth(settings: Settings, logger: Logger, clock: Clock): WorkspaceAuth {
  const envBot = settings.slack.botToken ? new EnvBot(settings.slack.botToken, null, async () => null) : undefined;
  return new WorkspaceAuth(null, envBot, logger, () => clock.now());
}

function buildRepos(settings: Settings, logger: Logger, metrics: Metrics): ComposedRepos {
  const planItems = new PlanItemRepo();
  return {
    pilots: new PilotRepo(),
    reviews: new ReviewRepo(planItems),
    planItems,
    audit: new AuditRepo(undefined, {
      ...(settings.auditHmacKey ? { hmacKey: settings.auditHmacKey } : {}),
      onHeadError: (err, chainId) =>
        logger.error(
          { err, chainId },
          'audit event appended but its chain head was not recorded; the next append records it',
        ),
    }),
    workspaceSettings: new WorkspaceSettingsRepo(),
    deliveries: new DeliveryRepo(undefined, metrics),
    // The presence check needs no token key: the repository is built without one here.
    lifecycle: new WorkspaceLifecycleRepo(new InstallationRepo(null)),
    pilotDelete: pilotDeletion(),
    teamData: teamDataOwners(),
  };
}

/** Who is a gate admin, which cadence applies, whether a workspace is installed. */
function workspaceAccess(
  settings: Settings,
  auth: WorkspaceAuth,
  repos: ComposedRepos,
): Pick<Composed, 'isGateAdmin' | 'envGateAdmins' | 'cadenceFor' | 'separationFor' | 'isInstalled'> {
  // Nobody is an admin of a workspace they do not belong to: GATE_ADMINS names people of one workspace.
  const envGateAdmins = async (teamId: string) =>
    settings.gateAdmins.length > 0 && (await auth.envTeamId()) === teamId ? settings.gateAdmins : [];
  return {
    envGateAdmins,
    isGateAdmin: async (teamId, userId) =>
      (await repos.workspaceSettings.get(teamId)).gateAdmins.includes(userId) ||
      (await envGateAdmins(teamId)).includes(userId),
    cadenceFor: async (teamId) =>
      effectiveCadence(settings.cadence, (await repos.workspaceSettings.get(teamId)).overrides),
    separationFor: async (teamId) => effectiveSeparation((await repos.workspaceSettings.get(teamId)).overrides),
    isInstalled: (teamId, enterpriseId) => auth.isInstalled(teamId, enterpriseId),
  };
}

type RequestServices = Pick<
  ComposedServices,
  | 'pilots'
  | 'reviews'
  | 'home'
  | 'decisions'
  | 'decisionRecords'
  | 'gapClosure'
  | 'questionnaires'
  | 'reviewDetails'
  | 'reconfirm'
  | 'roleChanges'
  | 'audience'
>;

/** Who may see which pilot; a channel privacy looked up from Slack is stored on every pilot of that channel. */
function buildAudience(b: Base): PilotAudience {
  return new PilotAudience({
    clients: b.clients,
    logger: b.logger,
    isGateAdmin: b.isGateAdmin,
    savePrivacy: async (teamId, _pilotId, channelPrivate, channelId) => {
      await b.repos.pilots.storeChannelPrivacy(teamId, channelId, channelPrivate);
    },
  });
}

/** The services behind what people do in Slack (registering, answering, deciding, Home). */
function buildRequestServices(b: Base): RequestServices {
  const { repos, notifier, clients, clock, logger, manifests, isGateAdmin } = b;
  const { pilots, reviews, audit, deliveries } = repos;
  const audience = buildAudience(b);
  const home = new HomeService({
    pilots,
    reviews,
    home: new HomeRepo(repos.planItems),
    notifier,
    clients,
    clock,
    logger,
    audience,
  });
  const reviewService = new ReviewService({
    pilots,
    reviews,
    audit,
    manifests,
    notifier,
    deliveries,
    clock,
    logger,
    answerWindowMs: () => b.settings.cadence.nudgeFirstAfterMs,
    cadenceFor: b.cadenceFor,
    afterCardRender: (pilot, reviewId, planItems) => void home.refreshForPilot(pilot, reviewId, planItems),
  });
  const reconfirm = new ReconfirmService({
    pilots,
    reviews,
    audit,
    manifests,
    notifier,
    deliveries,
    clock,
    logger,
    cadenceFor: b.cadenceFor,
    refreshCard: (teamId, reviewId, opts) => reviewService.refreshCard(teamId, reviewId, opts),
  });
  const drafts = new QuestionnaireDraftRepo();
  const decisionRecords = new DecisionRecordService({
    reviews,
    audit,
    manifests,
    deliveries,
    clients,
    names: notifier,
    clock,
    logger,
  });
  return {
    decisionRecords,
    pilots: new PilotService(pilots, { separationFor: b.separationFor, isGateAdmin, clock }),
    reviews: reviewService,
    home,
    decisions: new DecisionService({
      pilots,
      reviews,
      audit,
      manifests,
      notifier,
      records: decisionRecords,
      clock,
      logger,
      isGateAdmin,
      refreshCard: (teamId, reviewId, opts) => reviewService.refreshCard(teamId, reviewId, opts),
      canSee: (pilot, userId) => audience.session(pilot.teamId).canSee(pilot, userId),
      reconfirm,
    }),
    gapClosure: new GapClosureService({ pilots, reviews, audit, manifests, reviewService, clock, logger, isGateAdmin }),
    questionnaires: new QuestionnaireService({
      pilots,
      reviews,
      audit,
      drafts,
      deliveries,
      manifests,
      reviewService,
      notifier,
      clock,
      logger,
    }),
    reviewDetails: new ReviewDetailsService({ pilots, reviews, manifests, audience }),
    reconfirm,
    roleChanges: new RoleChangeService({
      pilots,
      reviews,
      audit,
      reviewService,
      notifier,
      deliveries,
      audience,
      separationFor: b.separationFor,
      isGateAdmin,
      clock,
      logger,
      refreshHome: (teamId, userIds) => void home.refreshFor(teamId, userIds),
    }),
    audience,
  };
}

type ScheduledServices = Pick<
  ComposedServices,
  | 'nudges'
  | 'missingOwners'
  | 'digests'
  | 'planReminders'
  | 'purgatory'
  | 'review90'
  | 'reviewRepair'
  | 'workspacePurge'
>;

/** The services only listeners use: replies, the commands, settings, deleting, channel introductions. */
function buildSlackServices(
  b: Base,
  s: RequestServices,
  j: ScheduledServices,
): Omit<ComposedServices, keyof RequestServices | keyof ScheduledServices> {
  const { repos, notifier, clock, logger, isGateAdmin } = b;
  const replies = new SlackReplies(notifier, logger);
  return {
    replies,
    commands: new GateCommandService({
      pilots: repos.pilots,
      reviews: repos.reviews,
      manifests: b.manifests,
      records: s.decisionRecords,
      audit: repos.audit,
      deliveries: repos.deliveries,
      audience: s.audience,
      nudges: j.nudges,
      clients: b.clients,
      files: new SlackFileUploads(b.clients),
      cadenceFor: b.cadenceFor,
      isGateAdmin,
      clock,
      logger,
    }),
    workspaceSettings: new SettingsService({
      workspaceSettings: repos.workspaceSettings,
      audit: repos.audit,
      defaults: b.settings.cadence,
      minNudgeMs: b.settings.nodeEnv === 'test' ? 0 : undefined,
      isGateAdmin,
      envGateAdmins: b.envGateAdmins,
      cadenceFor: b.cadenceFor,
      clock,
      logger,
    }),
    pilotDelete: new PilotDeleteService({
      pilotData: repos.pilotDelete,
      pilots: repos.pilots,
      reviews: repos.reviews,
      audit: repos.audit,
      notifier,
      clock,
      logger,
    }),
    channelIntro: new ChannelIntroService({ deliveries: repos.deliveries, notifier, clock }),
    workflowSteps: new WorkflowStepService({
      pilots: s.pilots,
      reviews: s.reviews,
      reviewStore: repos.reviews,
      audience: s.audience,
      lookup: { repos: { pilots: repos.pilots, reviews: repos.reviews }, services: { audience: s.audience } },
      timeZoneOf: (teamId, userId) => replies.timeZoneOf(teamId, userId),
      permalink: async (teamId, channel, ts) => {
        const res = await (await b.clients.forTeam(teamId)).chat.getPermalink({ channel, message_ts: ts });
        if (!res.permalink) throw new Error(`chat.getPermalink returned no permalink for ${channel}/${ts}`);
        return res.permalink;
      },
      clock,
      logger,
    }),
  };
}

/** The services the scheduled jobs run (src/app/job-registry.ts binds each job to its own). */
function buildScheduledServices(b: Base, s: RequestServices): ScheduledServices {
  const { repos, notifier, clock, logger, manifests, cadenceFor, isInstalled } = b;
  const openReviews = new OpenReviewsRepo(repos);
  const slices = { notifier, logger, cadenceFor, isInstalled, repos };
  return {
    nudges: new NudgeService({
      pilots: repos.pilots,
      reviews: repos.reviews,
      audit: repos.audit,
      deliveries: repos.deliveries,
      nudges: new NudgeRepo(),
      openReviews,
      notifier,
      manifests,
      clock,
      logger,
      cadenceFor,
      isInstalled,
      presence: async (teamId, userId) => {
        const client = await b.clients.forTeam(teamId);
        const res = await client.users.getPresence({ user: userId }).catch(() => ({ presence: 'active' }));
        return res.presence === 'away' ? 'away' : 'active';
      },
    }),
    missingOwners: new MissingOwnerService({
      reviews: repos.reviews,
      openReviews,
      deliveries: repos.deliveries,
      notifier,
      manifests,
      clock,
      logger,
      cadenceFor,
      isInstalled,
    }),
    digests: new DigestService(
      { ...slices, services: { audience: s.audience }, files: new SlackFileUploads(b.clients) },
      new DigestRepo(repos),
    ),
    planReminders: new PlanReminderService(slices),
    purgatory: new PurgatoryService({ ...slices, services: { reviews: s.reviews } }, new PurgatoryRepo(repos)),
    review90: new Review90Service(
      { ...slices, clock, manifests, repos, services: { reviews: s.reviews } },
      new Review90Repo(),
    ),
    reviewRepair: new ReviewRepairService({
      clock,
      logger,
      isInstalled,
      repos,
      services: { reviews: s.reviews, decisions: s.decisions, gapClosure: s.gapClosure, roleChanges: s.roleChanges },
    }),
    workspacePurge: new WorkspacePurgeService({ lifecycle: repos.lifecycle, teamData: repos.teamData, clock, logger }),
  };
}
