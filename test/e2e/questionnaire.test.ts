import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { eventually, useApp } from '../support/app-harness.js';
import {
  answerAll,
  answerAs,
  cardUpdates,
  fillUpToLastPage,
  openQuestionnaire,
  reviewIdOf,
  submitPage,
  validAnswers,
} from '../support/flows/answer.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const reviews = () => mongoose.connection.collection('reviews');
const answers = () => mongoose.connection.collection('answers');
const oid = (id: string) => new mongoose.Types.ObjectId(id);

async function newReview(name: string, stakeholders: Parameters<typeof registerPilot>[1]['stakeholders'] = {}) {
  const ack = await registerPilot(h, { name, stakeholders });
  expect(ack.text).toBe('');
  await eventually(() => h.sim.lastMessageIn(CHANNEL));
  const reviewId = await eventually(() => reviewIdOf(h, name).catch(() => null));
  await eventually(async () => (await reviews().findOne({ _id: oid(reviewId) }))?.card);
  return reviewId;
}

const card = async (reviewId: string) => {
  const review = await reviews().findOne({ _id: oid(reviewId) });
  const ref = review?.card as { channel: string; ts: string };
  return h.sim.findMessage(ref.channel, ref.ts)!;
};

describe('answering a questionnaire', () => {
  it('saves the answers, updates the card in place and records the audit event', async () => {
    const reviewId = await newReview('Claims triage');
    await answerAs(h, {
      reviewId,
      role: 'technology_lead',
      userId: STAKEHOLDERS.technology_lead,
      assessment: 'confirmed',
    });
    const shown = await card(reviewId);
    expect(shown.text).toContain('Data infrastructure at production volume: confirmed');
    expect(shown.text).toContain('Governance and compliance tested: pending');
    const stored = await answers().findOne({ reviewId, role: 'technology_lead', round: 1 });
    expect(stored?.answers.data_assessment).toBe('confirmed');
    const audit = await mongoose.connection.collection('audit_events').findOne({ reviewId, type: 'answer.submitted' });
    expect(audit).toMatchObject({ actor: STAKEHOLDERS.technology_lead, subject: 'technology_lead', before: null });
    expect(h.sim.violations).toEqual([]);
  });

  it('pages the operational lead questionnaire and keeps page one as a draft in the database', async () => {
    const reviewId = await newReview('Invoice matching');
    const manifest = h.server.deps.manifests.current;
    const ops = validAnswers(manifest, 'operational_lead', 'confirmed');
    const first = await openQuestionnaire(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
    });
    expect(first.submit?.text).toBe('Next');
    const last = await fillUpToLastPage(h, {
      userId: STAKEHOLDERS.operational_lead,
      role: 'operational_lead',
      view: first,
      answers: ops,
    });
    expect(last.private_metadata.length).toBeLessThan(200);
    const draft = await mongoose.connection
      .collection('questionnaire_drafts')
      .findOne({ reviewId, role: 'operational_lead' });
    expect(draft?.answers.kpi_assessment).toBe('confirmed');
    const before = cardUpdates(h, (await card(reviewId)).ts);
    const ack = await submitPage(h, {
      userId: STAKEHOLDERS.operational_lead,
      role: 'operational_lead',
      view: last,
      answers: ops,
    });
    expect(ack.text).toBe('');
    await eventually(() => cardUpdates(h, h.sim.lastMessageIn(CHANNEL)!.ts) > before);
    const stored = await answers().findOne({ reviewId, role: 'operational_lead' });
    expect(stored?.answers).toEqual(ops);
    expect(await mongoose.connection.collection('questionnaire_drafts').countDocuments({ reviewId })).toBe(0);
    expect(h.sim.violations).toEqual([]);
  });

  it('all five confirmed → the card says ready to scale', async () => {
    const reviewId = await newReview('Ready pilot');
    await answerAll(h, reviewId);
    const shown = await card(reviewId);
    expect(shown.text).toMatch(
      /^Gate review for Ready pilot: Ready to scale: proceed to production\. 5\/5 signals assessed/,
    );
    const review = await reviews().findOne({ _id: oid(reviewId) });
    expect(review?.outcome).toBe('proceed');
    expect(review?.answeredRoles).toHaveLength(5);
    expect(h.sim.violations).toEqual([]);
  });
});
