/**
 * The app's services, composed by src/app/compose.ts as the server composes them, against the real
 * test database and without a Slack app: for integration and property tests that drive the services
 * directly. The notifier records what would reach Slack.
 */
import { compose } from '../../src/app/compose.js';
import { loadSettings } from '../../src/config/settings.js';
import type { Answers } from '../../src/core/answers.domain.js';
import { ROLE_IDS, type RoleId } from '../../src/core/catalog.domain.js';
import type { DecisionDraft } from '../../src/features/decisions/decision.domain.js';
import type { RecordCommand } from '../../src/features/decisions/decision.service.js';
import { EnvBot } from '../../src/features/install/env-bot.js';
import { WorkspaceAuth } from '../../src/features/install/workspace-auth.js';
import type { Pilot } from '../../src/features/pilots/pilot.types.js';
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

/**
 * The world's settings: GATE_ADMINS is UADMIN (in the world's workspace, the env token's), a first
 * nudge (the answer window) after a day, and a Slack API on a closed loopback port, so a call that
 * should not happen fails at once instead of leaving the machine.
 */
const worldSettings = loadSettings({
  NODE_ENV: 'test',
  SLACK_BOT_TOKEN: 'xoxb-service-world',
  SLACK_SIGNING_SECRET: 'service-world-secret',
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
  GATE_ADMINS: 'UADMIN',
  NUDGE_FIRST_AFTER: '1d',
});

export function serviceWorld(team = 'T0INT') {
  const manifest = defaultManifest();
  const clock = new ManualClock(new Date('2026-11-25T12:00:00Z'));
  const notifier = new RecordingNotifier();
  const logger = createLogger('silent');
  const token = worldSettings.slack.botToken ?? '';
  // The env token's workspace is the world's: its GATE_ADMINS apply here, and it counts as installed.
  const envBot = new EnvBot(token, team, async () => team);
  const app = compose({
    settings: worldSettings,
    logger,
    clock,
    manifests: manifest,
    resolveToken: async () => token,
    auth: new WorkspaceAuth(null, envBot, logger, () => clock.now()),
    notifier,
  });
  const { pilots, reviews } = app.repos;
  const { reviews: reviewService, decisions } = app.services;

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
    /** The composed app the services come from (src/app/compose.ts, as the server builds it). */
    app,
    repos: app.repos,
    services: app.services,
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
