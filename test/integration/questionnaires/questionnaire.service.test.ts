import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditRepo } from '../../../src/features/audit/audit.repo.js';
import { DeliveryRepo } from '../../../src/features/delivery/delivery.repo.js';
import { PilotRepo } from '../../../src/features/pilots/pilot.repo.js';
import { QuestionnaireService } from '../../../src/features/questionnaires/questionnaire.service.js';
import { QuestionnaireDraftRepo } from '../../../src/features/questionnaires/questionnaire-draft.repo.js';
import { ROLE_IDS } from '../../../src/features/reviews/catalog.domain.js';
import { ManifestProvider } from '../../../src/features/reviews/manifest-provider.js';
import { ReviewRepo } from '../../../src/features/reviews/review.repo.js';
import { ReviewService } from '../../../src/features/reviews/review.service.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { DomainError } from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/logger.js';
import type { Notifier, OutgoingMessage } from '../../../src/slack/notifier.js';
import { useTestDatabase } from '../../support/test-db.js';
import { defaultManifest, goodAnswers } from '../../unit/features/questionnaires/manifest.fixture.js';

useTestDatabase();

/** The Notifier port, recording what would reach Slack. */
class RecordingNotifier implements Notifier {
  readonly posts: { channel: string; msg: OutgoingMessage; threadTs?: string }[] = [];
  readonly updates: { ts: string; msg: OutgoingMessage }[] = [];
  private seq = 0;
  async post(_team: string, channel: string, msg: OutgoingMessage, threadTs?: string) {
    this.posts.push({ channel, msg, ...(threadTs ? { threadTs } : {}) });
    return { channel, ts: `1.${++this.seq}` };
  }
  async update(_team: string, _channel: string, ts: string, msg: OutgoingMessage) {
    this.updates.push({ ts, msg });
  }
  async dm(_team: string, userId: string, msg: OutgoingMessage) {
    return this.post(_team, `D-${userId}`, msg);
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
const drafts = new QuestionnaireDraftRepo();
const manifests = new ManifestProvider(manifest, reviews);
const logger = createLogger('silent');
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
const service = new QuestionnaireService({
  pilots,
  reviews,
  audit,
  drafts,
  deliveries: new DeliveryRepo(),
  manifests,
  reviewService,
  notifier,
  clock,
  logger,
});
const people = {
  executive_sponsor: 'U1',
  operational_lead: 'U2',
  technology_lead: 'U3',
  governance_lead: 'U4',
  change_lead: 'U5',
};

async function openReview(name: string) {
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
  return reviewService.open(pilot, 'U1');
}

beforeAll(async () => {
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});

describe('QuestionnaireDraftRepo', () => {
  const key = { teamId: TEAM, reviewId: 'r'.repeat(24), round: 1, role: 'operational_lead' as const };

  it('merges pages question by question, is scoped by team, and clears', async () => {
    await drafts.savePage(key, 'U2', { kpi_assessment: 'confirmed', kpi_results: 'first' }, clock.now());
    await drafts.savePage(key, 'U2', { kpi_results: 'second', bc_investment: 10 }, clock.now());
    expect(await drafts.get(key)).toEqual({ kpi_assessment: 'confirmed', kpi_results: 'second', bc_investment: 10 });
    expect(await drafts.get({ ...key, teamId: 'T0OTHER' })).toEqual({});
    await drafts.clear(key);
    expect(await drafts.get(key)).toEqual({});
  });

  it('keeps one document when two first pages race', async () => {
    const racing = { ...key, role: 'change_lead' as const };
    await Promise.all([
      drafts.savePage(racing, 'U5', { users_total: 5 }, clock.now()),
      drafts.savePage(racing, 'U5', { users_trained_pct: 50 }, clock.now()),
    ]);
    expect(await mongoose.connection.collection('questionnaire_drafts').countDocuments({ role: 'change_lead' })).toBe(
      1,
    );
  });
});

describe('QuestionnaireService.submit', () => {
  it('saves, audits before → after, and refuses the wrong person, missing answers and another workspace', async () => {
    const review = await openReview('Service pilot');
    const answers = goodAnswers(manifest.questionnaires.technology_lead);
    const input = { teamId: TEAM, reviewId: review.id, role: 'technology_lead' as const, userId: 'U3', answers };

    await expect(service.submit({ ...input, userId: 'U9' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.submit({ ...input, teamId: 'T0OTHER' })).rejects.toMatchObject({ code: 'not_found' });
    const incomplete = service.submit({ ...input, answers: { ...answers, data_assessment: null } });
    await expect(incomplete).rejects.toMatchObject({
      code: 'invalid_input',
      fieldErrors: { 'q:data_assessment': 'Answer this question.' },
    });
    expect(await reviews.answerFor(TEAM, review.id, 1, 'technology_lead')).toBeNull();

    await service.submit(input);
    await service.submit({ ...input, answers: { ...answers, monitoring_in_place: false } });
    const events = (await audit.forReview(TEAM, review.id)).filter((e) => e.type === 'answer.submitted');
    expect(
      events.map((e) => [e.before === null, (e.after as { monitoring_in_place: boolean }).monitoring_in_place]),
    ).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  it('refuses after the decision with the locked message', async () => {
    const review = await openReview('Locked pilot');
    await reviews.recordDecision(
      TEAM,
      review.id,
      {
        decision: 'terminate',
        reason: 'r',
        by: 'U1',
        at: clock.now(),
        round: 1,
      },
      0,
    );
    const attempt = service.submit({
      teamId: TEAM,
      reviewId: review.id,
      role: 'change_lead',
      userId: 'U5',
      answers: goodAnswers(manifest.questionnaires.change_lead),
    });
    await expect(attempt).rejects.toThrow(DomainError);
    await expect(attempt).rejects.toThrow('The sponsor has recorded a decision; answers are locked');
  });
});

describe('QuestionnaireService.publish', () => {
  it('opens one disagreement thread on the card even when saves publish at the same time', async () => {
    const review = await openReview('Thread pilot');
    const sponsor = { ...goodAnswers(manifest.questionnaires.executive_sponsor), kpi_assessment: 'failed' };
    await service.submit({
      teamId: TEAM,
      reviewId: review.id,
      role: 'executive_sponsor',
      userId: 'U1',
      answers: sponsor,
    });
    const ops = goodAnswers(manifest.questionnaires.operational_lead);
    await service.submit({ teamId: TEAM, reviewId: review.id, role: 'operational_lead', userId: 'U2', answers: ops });
    await Promise.all(ROLE_IDS.map(() => service.publish(TEAM, review.id, 'U2')));
    const card = (await reviews.byId(TEAM, review.id))!.card!;
    const threads = notifier.posts.filter((p) => p.threadTs === card.ts);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.msg.text).toContain(
      '<@U1> (Executive sponsor) said failed and <@U2> (Operational lead) said confirmed',
    );
    const stored = await reviews.byId(TEAM, review.id);
    expect(stored?.statuses.find((s) => s.signal === 'kpi_validation')).toMatchObject({
      status: 'failed',
      disagreement: { roles: ['executive_sponsor', 'operational_lead'] },
    });
  });
});
