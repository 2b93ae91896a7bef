/**
 * Fault suite: the database stops in the middle of a flow. The app runs against its own FerretDB
 * (fixed port, own data folder) so stopping it harms no other test file; the hook that starts it is
 * registered before useApp's, so it runs first.
 */
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/features/audit/audit.domain.js';
import { eventually, useApp } from '../support/app-harness.js';
import {
  answerAll,
  fillUpToLastPage,
  type OpenView,
  openQuestionnaire,
  submitPage,
  validAnswers,
} from '../support/flows/answer.js';
import { choose, GOOD_MONITORING, newReview, oid, openDecision, submitDecision } from '../support/flows/decide.js';
import { registerPilot, STAKEHOLDERS } from '../support/flows/register.js';
import { useOwnDatabase } from '../support/own-database.js';
import type { AckResult } from '../support/signed-client.js';
import type { SimView } from '../support/slack-simulator.js';

const db = await useOwnDatabase('fault');
const h = useApp({ env: { MONGODB_URI: db.uri, JOBS: 'on' } });
const col = (name: string) => mongoose.connection.collection(name);
const DOWN_TEXT = /cannot reach its database right now, so nothing was saved/;
const ops = STAKEHOLDERS.operational_lead;

const readyz = async () => (await fetch(`http://127.0.0.1:${h.server.port}/readyz`)).status;
const healthz = async () => (await fetch(`http://127.0.0.1:${h.server.port}/healthz`)).status;

/** Sends a submission and measures how long the ack took; Slack gives up after 3 s. */
async function timed(send: () => Promise<AckResult>): Promise<{ ack: AckResult; ms: number }> {
  const started = Date.now();
  const ack = await send();
  return { ack, ms: Date.now() - started };
}

/** The inline errors of a `response_action: errors` ack, joined. */
const inlineErrors = (ack: AckResult): string => {
  const body = ack.json as { response_action?: string; errors?: Record<string, string> } | undefined;
  return body?.response_action === 'errors' ? Object.values(body.errors ?? {}).join(' | ') : '';
};

interface Prepared {
  answerReviewId: string;
  lastPage: OpenView;
  decideReviewId: string;
  decisionModal: SimView;
}
const prepared = {} as Prepared;
const answers = () => validAnswers(h.server.deps.manifests.current, 'operational_lead', 'confirmed');
const submitAnswers = () =>
  submitPage(h, { userId: ops, role: 'operational_lead', view: prepared.lastPage, answers: answers() });
const submitProceed = () => submitDecision(h, prepared.decisionModal, { decision: 'proceed', ...GOOD_MONITORING });
const submitRegistration = () => registerPilot(h, { name: 'Registered while down' });

/** Every write the three flows make while the database is down must be refused in time, inline. */
async function expectAllRefusedInline(): Promise<void> {
  for (const send of [submitAnswers, submitProceed, submitRegistration]) {
    const { ack, ms } = await timed(send);
    expect(ack.status).toBe(200);
    expect(inlineErrors(ack)).toMatch(DOWN_TEXT);
    expect(ms).toBeLessThan(3_000);
  }
}

describe('fault: the database stops mid-flow', () => {
  it('prepares a questionnaire at its last page and a decision modal while the database is up', async () => {
    prepared.answerReviewId = await newReview(h, 'Answered across an outage');
    const opened = await openQuestionnaire(h, {
      reviewId: prepared.answerReviewId,
      role: 'operational_lead',
      userId: ops,
    });
    prepared.lastPage = await fillUpToLastPage(h, {
      userId: ops,
      role: 'operational_lead',
      view: opened,
      answers: answers(),
    });
    prepared.decideReviewId = await newReview(h, 'Decided across an outage');
    await answerAll(h, prepared.decideReviewId);
    prepared.decisionModal = await choose(h, await openDecision(h, prepared.decideReviewId), 'proceed');
    expect(await readyz()).toBe(200);
    expect(h.sim.violations).toEqual([]);
  });

  it('refuses every submission inline within 3 s while down (just stopped, then once the driver noticed)', async () => {
    await db.stop();
    await eventually(async () => (await readyz()) === 503);
    // Right after the stop the driver still thinks it is connected: the connection is refused at once.
    await expectAllRefusedInline();
    // Once its monitor noticed (about 10 s), operations wait for server selection instead; that must
    // still answer inside Slack's 3 seconds.
    await eventually(() => mongoose.connection.readyState !== 1, 20_000);
    await expectAllRefusedInline();
    expect(await readyz()).toBe(503);
    expect(await healthz()).toBe(200);
    expect(h.sim.violations).toEqual([]);
  }, 40_000);

  it('recovers by itself when the database is back: /readyz 200 and the same modals now save', async () => {
    await db.start();
    await eventually(async () => (await readyz()) === 200, 15_000);
    // Nothing was written while down.
    expect(await col('answers').countDocuments({ reviewId: prepared.answerReviewId, role: 'operational_lead' })).toBe(
      0,
    );
    expect(await col('pilots').countDocuments({ name: 'Registered while down' })).toBe(0);
    expect((await col('reviews').findOne({ _id: oid(prepared.decideReviewId) }))?.decisionCount).toBe(0);

    expect(inlineErrors(await submitAnswers())).toBe('');
    expect((await submitProceed()).text).toBe('');
    expect((await submitRegistration()).text).toBe('');
    await eventually(async () =>
      (await col('reviews').findOne({ _id: oid(prepared.answerReviewId) }))?.answeredRoles?.includes(
        'operational_lead',
      ),
    );
    const decided = await col('reviews').findOne({ _id: oid(prepared.decideReviewId) });
    expect(decided?.decisionCount).toBe(1);
    await eventually(async () => col('pilots').findOne({ name: 'Registered while down', stage: 'in_review' }), 10_000);
    expect(h.sim.violations).toEqual([]);
  }, 30_000);

  it('left nothing half-written: every pilot has its review, every answer its audit event, chains verify', async () => {
    const pilots = await col('pilots').find({}).toArray();
    const reviews = await col('reviews').find({}).toArray();
    expect(pilots).toHaveLength(3);
    expect(reviews.map((r) => r.pilotId).sort()).toEqual(pilots.map((p) => String(p._id)).sort());
    for (const review of reviews) {
      const reviewId = String(review._id);
      const events = await h.server.deps.repos.audit.forReview(review.teamId, reviewId);
      expect(verifyChain(events).ok).toBe(true);
      expect(events.filter((e) => e.type === 'pilot.registered')).toHaveLength(1);
      const answered = await col('answers').find({ reviewId }).toArray();
      const audited = events.filter((e) => e.type === 'answer.submitted').map((e) => e.subject);
      expect([...audited].sort()).toEqual(answered.map((a) => a.role as string).sort());
      expect(review.decisionCount).toBe(events.filter((e) => e.type === 'decision.recorded').length);
    }
    expect(h.sim.violations).toEqual([]);
  });
});
