/**
 * Fault suite: the database goes away between saving an answer and appending its audit event (there
 * are no transactions). The answer carries a pending marker from the same write; a resubmission or
 * the repair job appends the event once, and the statuses and card catch up.
 */
import { MongoNetworkError } from 'mongodb';
import mongoose from 'mongoose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../src/features/audit/audit.domain.js';
import { AUDIT_STALLED_AFTER_MS } from '../../src/features/reviews/answer-audit.service.js';
import { REPAIR_GRACE_MS } from '../../src/features/reviews/review-repair.domain.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll, fillUpToLastPage, openQuestionnaire, submitPage, validAnswers } from '../support/flows/answer.js';
import { choose, GOOD_MONITORING, newReview, oid, openDecision, submitDecision } from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';
import type { AckResult } from '../support/signed-client.js';

const h = useApp({ env: { JOBS: 'off' } });
const col = (name: string) => mongoose.connection.collection(name);
const ops = STAKEHOLDERS.operational_lead;

afterEach(() => {
  vi.restoreAllMocks();
  expect(h.sim.violations).toEqual([]);
});

/** The ops lead's last page, submitted with the audit append failing as if the database had gone. */
async function saveWithoutAudit(name: string) {
  const reviewId = await newReview(h, name);
  const answers = validAnswers(h.server.deps.manifests.current, 'operational_lead', 'confirmed');
  const opened = await openQuestionnaire(h, { reviewId, role: 'operational_lead', userId: ops });
  const view = await fillUpToLastPage(h, { userId: ops, role: 'operational_lead', view: opened, answers });
  const submit = () => submitPage(h, { userId: ops, role: 'operational_lead', view, answers });
  // The submission's event insert (appendEvents: the head follows after the ack) fails.
  vi.spyOn(h.server.deps.repos.audit, 'appendEvents').mockRejectedValueOnce(
    new MongoNetworkError('connect ECONNREFUSED'),
  );
  const refused = await submit();
  return { reviewId, submit, refused };
}

const inlineErrors = (ack: AckResult) => JSON.stringify((ack.json as { errors?: unknown } | undefined)?.errors ?? {});
const answerEvents = async (reviewId: string) =>
  (await h.server.deps.repos.audit.forReview(h.sim.team.id, reviewId)).filter((e) => e.type === 'answer.submitted');
const answerDoc = (reviewId: string) => col('answers').findOne({ reviewId, role: 'operational_lead' });

describe('half-written answer: saved, but its audit event was not', () => {
  it('keeps the modal open, then the person’s resubmission appends the event once and the card catches up', async () => {
    const { reviewId, submit, refused } = await saveWithoutAudit('Audit lost, resubmitted');
    expect(inlineErrors(refused)).toMatch(/cannot reach its database/);
    expect((await answerDoc(reviewId))?.auditPending).toMatchObject({ before: null });
    expect(await answerEvents(reviewId)).toHaveLength(0);

    h.clock.advance(AUDIT_STALLED_AFTER_MS + 1_000);
    expect((await submit()).text).toBe('');
    expect(await answerEvents(reviewId)).toHaveLength(1);
    expect((await answerDoc(reviewId))?.auditPending).toBeUndefined();
    await eventually(async () =>
      (await col('reviews').findOne({ _id: oid(reviewId) }))?.answeredRoles?.includes('operational_lead'),
    );
    expect(await submit()).toMatchObject({ text: '' });
    expect(await answerEvents(reviewId)).toHaveLength(1);
  });

  it('nobody resubmits: the repair job appends the event once and updates statuses and card', async () => {
    const { reviewId } = await saveWithoutAudit('Audit lost, repaired');
    const cardTs = (await col('reviews').findOne({ _id: oid(reviewId) }))?.card?.ts;
    await h.server.jobs.runNow('reviews.repair');
    expect(await answerEvents(reviewId)).toHaveLength(0);

    h.clock.advance(REPAIR_GRACE_MS + 1_000);
    await Promise.all([h.server.jobs.runNow('reviews.repair'), h.server.jobs.runNow('reviews.repair')]);
    await h.server.jobs.runNow('reviews.repair');
    expect(await answerEvents(reviewId)).toHaveLength(1);
    expect((await answerDoc(reviewId))?.auditPending).toBeUndefined();
    const review = await col('reviews').findOne({ _id: oid(reviewId) });
    expect(review?.answeredRoles).toEqual(['operational_lead']);
    const card = await eventually(() => h.sim.callsTo('chat.update').find((c) => c.args.ts === cardTs));
    // The operational lead's answer counts: only the four others are awaited.
    expect(card.args.text).toMatch(/^1 of 5 answered — waiting on Sponsor, Tech, Gov, Change · /);
  });
});

describe('answer and audit event saved, the after-ack steps lost (the process stopped after the ack)', () => {
  it('closes the modal; the repair job clears the marker and moves the head, with no second event', async () => {
    const reviewId = await newReview(h, 'Audit written, marker left');
    const answers = validAnswers(h.server.deps.manifests.current, 'operational_lead', 'confirmed');
    const opened = await openQuestionnaire(h, { reviewId, role: 'operational_lead', userId: ops });
    const view = await fillUpToLastPage(h, { userId: ops, role: 'operational_lead', view: opened, answers });
    // The event is in; clearing its marker (a step after the ack) fails as if the process had died there.
    vi.spyOn(h.server.deps.repos.reviews, 'markAnswerAudited').mockRejectedValueOnce(
      new MongoNetworkError('connect ECONNREFUSED'),
    );
    expect((await submitPage(h, { userId: ops, role: 'operational_lead', view, answers })).text).toBe('');
    await h.server.deps.afterAck.drain(10_000);
    expect(await answerEvents(reviewId)).toHaveLength(1);
    expect((await answerDoc(reviewId))?.auditPending).toMatchObject({ before: null });

    h.clock.advance(REPAIR_GRACE_MS + 1_000);
    await Promise.all([h.server.jobs.runNow('reviews.repair'), h.server.jobs.runNow('reviews.repair')]);
    expect(await answerEvents(reviewId)).toHaveLength(1);
    expect((await answerDoc(reviewId))?.auditPending).toBeUndefined();
    const { events, verdict } = await h.server.deps.repos.audit.trail(h.sim.team.id, reviewId);
    expect(verdict).toMatchObject({ ok: true, count: events.length });
    expect((await col('reviews').findOne({ _id: oid(reviewId) }))?.auditHead?.seq).toBe(events.at(-1)?.seq);
  });
});

describe('half-written decision: saved, but its audit event was not', () => {
  it('tells the sponsor it is recorded (modal closes), and the repair job finishes stage and audit once', async () => {
    const reviewId = await newReview(h, 'Decision audit lost');
    await answerAll(h, reviewId);
    const modal = await choose(h, await openDecision(h, reviewId), 'proceed');
    vi.spyOn(h.server.deps.repos.audit, 'append').mockRejectedValueOnce(new MongoNetworkError('connect ECONNREFUSED'));
    const ack = await submitDecision(h, modal, { decision: 'proceed', ...GOOD_MONITORING });
    expect(inlineErrors(ack)).toBe('{}');
    const review = await col('reviews').findOne({ _id: oid(reviewId) });
    expect(review?.decisionCount).toBe(1);
    expect(review?.decisionFollowUp).toBeDefined();

    h.clock.advance(REPAIR_GRACE_MS + 1_000);
    await Promise.all([h.server.jobs.runNow('reviews.repair'), h.server.jobs.runNow('reviews.repair')]);
    await h.server.jobs.runNow('reviews.repair');
    const events = await h.server.deps.repos.audit.forReview(h.sim.team.id, reviewId);
    expect(verifyChain(events).ok).toBe(true);
    expect(events.filter((e) => e.type === 'decision.recorded')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'monitoring_plan.captured')).toHaveLength(1);
    expect((await col('reviews').findOne({ _id: oid(reviewId) }))?.decisionFollowUp).toBeUndefined();
    expect((await col('pilots').findOne({ name: 'Decision audit lost' }))?.stage).toBe('production');
  });
});
