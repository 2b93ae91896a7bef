import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditRepo } from '../../../src/features/audit/audit.repo.js';
import type { DecisionDraft } from '../../../src/features/decisions/decision.domain.js';
import { DecisionService } from '../../../src/features/decisions/decision.service.js';
import { DeliveryRepo } from '../../../src/features/delivery/delivery.repo.js';
import { GapClosureService } from '../../../src/features/gap-closure/gap-closure.service.js';
import { PilotRepo } from '../../../src/features/pilots/pilot.repo.js';
import { ROLE_IDS, type RoleId } from '../../../src/features/reviews/catalog.domain.js';
import { ManifestProvider } from '../../../src/features/reviews/manifest-provider.js';
import { ReviewRepo } from '../../../src/features/reviews/review.repo.js';
import { ReviewService } from '../../../src/features/reviews/review.service.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { createLogger } from '../../../src/shared/logger.js';
import type { Notifier, OutgoingMessage } from '../../../src/slack/notifier.js';
import { useTestDatabase } from '../../support/test-db.js';
import { defaultManifest, goodAnswers } from '../../unit/features/questionnaires/manifest.fixture.js';

useTestDatabase();

/** The Notifier port, recording what would reach Slack. */
class RecordingNotifier implements Notifier {
  readonly dms: { userId: string; msg: OutgoingMessage }[] = [];
  private seq = 0;
  async post(_team: string, channel: string) {
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

const TEAM = 'T0INT';
const manifest = defaultManifest();
const clock = new ManualClock(new Date('2026-11-25T12:00:00Z'));
const notifier = new RecordingNotifier();
const pilots = new PilotRepo();
const reviews = new ReviewRepo();
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
const people: Record<RoleId, string> = {
  executive_sponsor: 'U1',
  operational_lead: 'U2',
  technology_lead: 'U3',
  governance_lead: 'U4',
  change_lead: 'U5',
};

/** A review where every role answered; governance and user adoption are conditional. */
async function conditionalReview(name: string) {
  const pilot = await pilots.create({
    teamId: TEAM,
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
    stakeholders: people,
  });
  const review = await reviewService.open(pilot, 'U1');
  const overrides: Partial<Record<RoleId, Record<string, string>>> = {
    governance_lead: { governance_assessment: 'conditional' },
    change_lead: { adoption_assessment: 'conditional' },
  };
  for (const role of ROLE_IDS) {
    const answers = { ...goodAnswers(manifest.questionnaires[role]), ...overrides[role] };
    await reviews.saveAnswer({
      teamId: TEAM,
      reviewId: review.id,
      round: 1,
      role,
      userId: people[role],
      answers,
      submittedAt: clock.now(),
    });
  }
  const recomputed = await reviewService.recompute(TEAM, review.id, 'U1');
  return { pilot, review: recomputed! };
}

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

beforeAll(async () => {
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});

describe('gap closure through the services, against the real database', () => {
  it('opens exactly one re-review round when the last two items are marked done at the same time', async () => {
    const { review } = await conditionalReview('Race pilot');
    expect(review.outcome).toBe('continue_pre_production');
    const recorded = await decisions.record({
      teamId: TEAM,
      reviewId: review.id,
      round: 1,
      userId: 'U1',
      draft: draft(),
      planSignals: ['governance', 'user_adoption'],
      today: '2026-11-25',
    });
    expect(recorded.pilot.stage).toBe('pre_production');
    expect(recorded.planItems).toHaveLength(2);
    const invitesBefore = notifier.dms.filter((d) => /^Re-review/.test(d.msg.text)).length;

    const results = await Promise.all(
      recorded.planItems.map(async (item) => {
        const done = await gapClosure.markDone(TEAM, item.id, item.ownerId);
        return gapClosure.afterDone(done, item.ownerId);
      }),
    );
    // Each click reads the plan after its own write, so the last one always sees it complete;
    // if both do, startRound's compare-and-set lets only one open round 2.
    expect(results.filter(Boolean)).toHaveLength(1);
    const final = await reviews.byId(TEAM, review.id);
    expect(final?.round).toBe(2);
    expect(final?.rounds[1]?.requiredRoles).toEqual([
      'operational_lead',
      'technology_lead',
      'governance_lead',
      'change_lead',
    ]);
    expect(final?.outcome).toBe('collecting');
    expect((await pilots.byId(TEAM, review.pilotId))?.stage).toBe('in_review');
    const events = (await audit.forReview(TEAM, review.id)).filter((e) => e.type === 'round.started');
    expect(events).toHaveLength(1);
    const invites = notifier.dms.filter((d) => /^Re-review/.test(d.msg.text)).slice(invitesBefore);
    expect(invites.map((d) => d.userId).sort()).toEqual(['U2', 'U3', 'U4', 'U5']);
  });

  it('marking done is idempotent, limited to owner, sponsor or gate admin, and scoped by workspace', async () => {
    const { review } = await conditionalReview('Rights pilot');
    const { planItems } = await decisions.record({
      teamId: TEAM,
      reviewId: review.id,
      round: 1,
      userId: 'UADMIN',
      draft: draft(),
      planSignals: ['governance', 'user_adoption'],
      today: '2026-11-25',
    });
    const [first] = planItems;
    await expect(gapClosure.markDone(TEAM, first!.id, 'U5')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(gapClosure.markDone('T0OTHER', first!.id, 'UA')).rejects.toMatchObject({ code: 'not_found' });
    expect((await gapClosure.markDone(TEAM, first!.id, 'U1')).alreadyDone).toBe(false);
    const again = await gapClosure.markDone(TEAM, first!.id, 'UADMIN');
    expect(again).toMatchObject({ alreadyDone: true, item: { doneBy: 'U1' } });
    expect((await audit.forReview(TEAM, review.id)).filter((e) => e.type === 'plan_item.done')).toHaveLength(1);
    expect(await gapClosure.afterDone(again, 'UADMIN')).toBe(false);
    expect((await reviews.byId(TEAM, review.id))?.round).toBe(1);
  });

  it('refuses a form opened for an earlier round, and another workspace', async () => {
    const { review } = await conditionalReview('Stale pilot');
    await reviews.startRound(TEAM, review.id, 1, ['governance_lead'], 'test', clock.now());
    const stale = decisions.record({
      teamId: TEAM,
      reviewId: review.id,
      round: 1,
      userId: 'U1',
      draft: draft({ decision: 'pause', reason: 'x' }),
      planSignals: [],
      today: '2026-11-25',
    });
    await expect(stale).rejects.toMatchObject({
      code: 'conflict',
      fieldErrors: { 'decision.choice': expect.stringContaining('moved on to round 2') },
    });
    await expect(decisions.prepare('T0OTHER', review.id, 'U1')).rejects.toMatchObject({ code: 'not_found' });
    await expect(decisions.prepare(TEAM, review.id, 'U3')).rejects.toMatchObject({ code: 'forbidden' });
  });
});
