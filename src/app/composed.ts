import type { Cadence, Settings } from '../config/settings.js';
import type { AuditRepo } from '../features/audit/audit.repo.js';
import type { GateCommandService } from '../features/commands/gate-command.service.js';
import type { DecisionService } from '../features/decisions/decision.service.js';
import type { DecisionRecordService } from '../features/decisions/decision-record.service.js';
import type { DeliveryRepo } from '../features/delivery/delivery.repo.js';
import type { DigestService } from '../features/digests/digest.service.js';
import type { GapClosureService } from '../features/gap-closure/gap-closure.service.js';
import type { ChannelIntroService } from '../features/home/channel-intro.service.js';
import type { HomeService } from '../features/home/home.service.js';
import type { WorkspaceAuth } from '../features/install/workspace-auth.js';
import type { PilotDeleteRepo } from '../features/lifecycle/pilot-delete.repo.js';
import type { PilotDeleteService } from '../features/lifecycle/pilot-delete.service.js';
import type { TeamDataOwners } from '../features/lifecycle/team-purge.repo.js';
import type { WorkspaceLifecycleRepo } from '../features/lifecycle/workspace-lifecycle.repo.js';
import type { WorkspacePurgeService } from '../features/lifecycle/workspace-purge.service.js';
import type { MissingOwnerService } from '../features/nudges/missing-owner.service.js';
import type { NudgeService } from '../features/nudges/nudge.service.js';
import type { PilotRepo } from '../features/pilots/pilot.repo.js';
import type { PilotService } from '../features/pilots/pilot.service.js';
import type { PilotAudience } from '../features/pilots/pilot-audience.service.js';
import type { PlanReminderService } from '../features/plan-reminders/plan-reminder.service.js';
import type { PurgatoryService } from '../features/purgatory/purgatory.service.js';
import type { QuestionnaireService } from '../features/questionnaires/questionnaire.service.js';
import type { ManifestProvider } from '../features/reviews/manifest-provider.js';
import type { PlanItemRepo } from '../features/reviews/plan-item.repo.js';
import type { ReconfirmService } from '../features/reviews/reconfirm.service.js';
import type { ReviewRepo } from '../features/reviews/review.repo.js';
import type { ReviewService } from '../features/reviews/review.service.js';
import type { ReviewDetailsService } from '../features/reviews/review-details.service.js';
import type { ReviewRepairService } from '../features/reviews/review-repair.service.js';
import type { RoleChangeService } from '../features/reviews/role-change.service.js';
import type { Review90Service } from '../features/reviews90/review90.service.js';
import type { SettingsService } from '../features/settings/settings.service.js';
import type { SeparationOfDuties } from '../features/settings/workspace-settings.domain.js';
import type { WorkspaceSettingsRepo } from '../features/settings/workspace-settings.repo.js';
import type { WorkflowStepService } from '../features/workflow-steps/workflow-step.service.js';
import type { JobQueue } from '../jobs/job-definition.js';
import type { Metrics } from '../metrics/metrics.js';
import type { AfterAckQueue } from '../shared/after-ack-queue.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Notifier } from '../slack/notifier.js';
import type { SlackReplies } from '../slack/replies.js';
import type { SlackClients } from '../slack/slack-clients.js';

/** The repositories, each built once; services get theirs by constructor injection. */
export interface ComposedRepos {
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
  /** `/gate delete`: counts and deletes one pilot's data. */
  pilotDelete: PilotDeleteRepo;
  /** The owners of a workspace's collections, for the purge after an uninstall (src/app/team-data-owners.ts). */
  teamData: TeamDataOwners;
}

/** The services, each built once, for listeners (src/app/register-listeners.ts) and jobs (job-registry.ts). */
export interface ComposedServices {
  pilots: PilotService;
  reviews: ReviewService;
  /** Each person's App Home: what they owe, their pilots, the workspace portfolio. */
  home: HomeService;
  /** The sponsor's decision: modal content, rules, stage moves, the channel message. */
  decisions: DecisionService;
  /** The decision record: its PDF, its hash in the audit trail, the post in the card's thread. */
  decisionRecords: DecisionRecordService;
  /** Gap-closure plan items and the re-review round when a plan is complete. */
  gapClosure: GapClosureService;
  /** Answering questionnaires: drafts, saves, card and disagreement threads. */
  questionnaires: QuestionnaireService;
  /** The card's read-only Details modal. */
  reviewDetails: ReviewDetailsService;
  /** Stale confirmations: which are stale, the DMs asking to re-confirm, *Still true*. */
  reconfirm: ReconfirmService;
  /** Reassigning a pilot's roles (sponsor or gate admin): the modal, the rules, the copy, invites and DMs. */
  roleChanges: RoleChangeService;
  /** Who may see which pilot: private channels' pilots only to insiders and channel members. */
  audience: PilotAudience;
  /** Nudges, escalations, `/gate remind`, snoozes. */
  nudges: NudgeService;
  /** The daily DM while a review lacks an owner. */
  missingOwners: MissingOwnerService;
  /** The weekly sponsor digest. */
  digests: DigestService;
  /** DMs to owners of plan items falling due. */
  planReminders: PlanReminderService;
  /** The purgatory and drift flags, and their channel alerts. */
  purgatory: PurgatoryService;
  /** 90-day reviews of pilots in production. */
  review90: Review90Service;
  /** Catches up the steps a crash left undone (reviews.repair). */
  reviewRepair: ReviewRepairService;
  /** Deletes uninstalled workspaces' data after their retention. */
  workspacePurge: WorkspacePurgeService;
  /** Replies to a person: DMs, ephemerals, the clicker of a button, their time zone. */
  replies: SlackReplies;
  /** `/gate status`, `list`, `remind`, `export`: what the commands read and do. */
  commands: GateCommandService;
  /** The workspace settings modal: what it shows, validates and saves. */
  workspaceSettings: SettingsService;
  /** `/gate delete`: counting, deleting and telling the channel. */
  pilotDelete: PilotDeleteService;
  /** The one-time introduction in a channel the app joins. */
  channelIntro: ChannelIntroService;
  /** Workflow Builder steps: Open a gate review, Get gate status. */
  workflowSteps: WorkflowStepService;
}

/** Everything the app is made of, built once by compose() (src/app/compose.ts). */
export interface Composed {
  settings: Settings;
  logger: Logger;
  clock: Clock;
  clients: SlackClients;
  notifier: Notifier;
  manifests: ManifestProvider;
  repos: ComposedRepos;
  services: ComposedServices;
  /** Follow-up work of answered requests (statuses, cards), a few at a time so acks go first. */
  afterAck: AfterAckQueue;
  /** Gate admins: the workspace's own list, plus GATE_ADMINS in the env token's workspace only. */
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
  /** GATE_ADMINS where it applies: the env token's workspace; elsewhere nobody. */
  envGateAdmins(teamId: string): Promise<string[]>;
  /** The cadence in force for a workspace: its overrides over the environment defaults. */
  cadenceFor(teamId: string): Promise<Cadence>;
  /** Where separation of duties applies in a workspace (its settings; regulated pilots only by default). */
  separationFor(teamId: string): Promise<SeparationOfDuties>;
  /** Enqueues on-demand agenda jobs (src/app/job-registry.ts); any worker runs them. */
  jobs: JobQueue;
  /** Which bot acts in a workspace (installation store, then SLACK_BOT_TOKEN); uninstall. */
  auth: WorkspaceAuth;
  /** False once a workspace uninstalled PilotGate: jobs skip such teams. */
  isInstalled(teamId: string, enterpriseId?: string): Promise<boolean>;
  /** Prometheus counters (GET /metrics when METRICS=on). */
  metrics: Metrics;
}
