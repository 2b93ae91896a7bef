import mongoose from 'mongoose';
import { describe, expect, it, vi } from 'vitest';
import { ROLE_IDS, ROLE_LABELS } from '../../src/core/catalog.domain.js';
import { reviewCard } from '../../src/features/reviews/review-card.views.js';
import { eventually, useApp } from '../support/app-harness.js';
import {
  answerAll,
  answerAs,
  cardUpdates,
  fillUpToLastPage,
  nextPage,
  type OpenView,
  openQuestionnaire,
  reviewIdOf,
  submitPage,
  validAnswers,
} from '../support/flows/answer.js';
import { CHANNEL, type RegistrationValues, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const reviews = () => mongoose.connection.collection('reviews');
const answers = () => mongoose.connection.collection('answers');
const oid = (id: string) => new mongoose.Types.ObjectId(id);

async function newReview(name: string, stakeholders: RegistrationValues['stakeholders'] = {}) {
  const ack = await registerPilot(h, { name, stakeholders });
  expect(ack.text).toBe('');
  await eventually(() => h.sim.lastMessageIn(CHANNEL));
  const reviewId = await eventually(() => reviewIdOf(h, name).catch(() => null));
  await eventually(async () => (await reviews().findOne({ _id: oid(reviewId) }))?.card?.ts);
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
    expect(JSON.stringify(shown.blocks)).toContain('🟢 *Data infrastructure at production volume*');
    expect(JSON.stringify(shown.blocks)).toContain('⚪ *Governance and compliance tested*');
    const stored = await answers().findOne({ reviewId, role: 'technology_lead', round: 1 });
    expect(stored?.answers.data_assessment).toBe('confirmed');
    const audit = await mongoose.connection.collection('audit_events').findOne({ reviewId, type: 'answer.submitted' });
    expect(audit).toMatchObject({ actor: STAKEHOLDERS.technology_lead, subject: 'technology_lead', before: null });
    expect(h.sim.violations).toEqual([]);
  });

  it('an edit records the earlier answers as its audit before; the same answers again record nothing', async () => {
    const reviewId = await newReview('Edited answers pilot');
    const role = 'operational_lead';
    const userId = STAKEHOLDERS[role];
    await answerAs(h, { reviewId, role, userId, assessment: 'confirmed' });
    const first = (await answers().findOne({ reviewId, role, round: 1 }))?.answers;
    await answerAs(h, { reviewId, role, userId, assessment: 'conditional' });
    const edited = (await answers().findOne({ reviewId, role, round: 1 }))?.answers;
    const events = () =>
      mongoose.connection
        .collection('audit_events')
        .find({ reviewId, type: 'answer.submitted', subject: role })
        .sort({ seq: 1 })
        .toArray();
    expect((await events()).map((e) => [e.before, e.after])).toEqual([
      [null, first],
      [first, edited],
    ]);
    // The same answers once more: saved already, so no write and no event (the ack still closes the form).
    const manifest = h.server.deps.manifests.current;
    const again = validAnswers(manifest, role, 'conditional');
    const opened = await openQuestionnaire(h, { reviewId, role, userId });
    const last = await fillUpToLastPage(h, { userId, role, view: opened, answers: again });
    const ack = await submitPage(h, { userId, role, view: last, answers: again });
    expect(ack.text).toBe('');
    await h.server.deps.afterAck.drain(10_000);
    expect(await events()).toHaveLength(2);
    expect(await answers().findOne({ reviewId, role, round: 1 })).toMatchObject({ answers: edited });
    expect((await answers().findOne({ reviewId, role, round: 1 }))?.auditPending).toBeUndefined();
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

  it('a last page whose earlier page is missing goes back to that page, saying what is missing', async () => {
    const reviewId = await newReview('Lost draft pilot');
    const user = STAKEHOLDERS.operational_lead;
    const ops = validAnswers(h.server.deps.manifests.current, 'operational_lead', 'confirmed');
    const first = await openQuestionnaire(h, { reviewId, role: 'operational_lead', userId: user });
    const last = await fillUpToLastPage(h, { userId: user, role: 'operational_lead', view: first, answers: ops });
    await mongoose.connection.collection('questionnaire_drafts').deleteMany({ reviewId });
    const ack = await submitPage(h, { userId: user, role: 'operational_lead', view: last, answers: ops });
    const body = ack.json as { response_action: string; view: { private_metadata: string; blocks: unknown[] } };
    expect(body.response_action).toBe('update');
    expect(JSON.parse(body.view.private_metadata)).toMatchObject({ page: 0, role: 'operational_lead' });
    expect(JSON.stringify(body.view.blocks)).toContain('Answer this question');
    expect(await answers().countDocuments({ reviewId })).toBe(0);
    const kept = await mongoose.connection.collection('questionnaire_drafts').findOne({ reviewId });
    expect(kept?.answers.bc_investment).toBe(ops.bc_investment);
  });

  it('answers missing on an earlier page: that page, each missing field flagged where it is, nothing typed lost', async () => {
    const reviewId = await newReview('Half lost draft pilot');
    const role = 'operational_lead';
    const user = STAKEHOLDERS[role];
    const ops = validAnswers(h.server.deps.manifests.current, role, 'confirmed');
    const first = await openQuestionnaire(h, { reviewId, role, userId: user });
    const last = await fillUpToLastPage(h, { userId: user, role, view: first, answers: ops });
    // Two answers of page 1 are lost from the draft (an expired or partly written draft).
    await mongoose.connection
      .collection('questionnaire_drafts')
      .updateOne({ reviewId }, { $unset: { 'answers.kpi_assessment': '', 'answers.kpi_representative_data': '' } });
    const ack = await submitPage(h, { userId: user, role, view: last, answers: ops });
    const body = ack.json as { response_action: string; view: OpenView };
    expect(body.response_action).toBe('update');
    expect(JSON.parse(body.view.private_metadata)).toMatchObject({ page: 0, role });
    const blocks = body.view.blocks as { type: string; block_id?: string; element?: Record<string, unknown> }[];
    // No banner at the top: the page starts as it always does, with the questionnaire's intro.
    expect(JSON.stringify(blocks)).not.toContain('Some required questions have no answer yet');
    expect(blocks[0]?.type).toBe('section');
    expect(JSON.stringify(blocks[0])).toContain('You lead the business unit');
    const flagged = blocks.flatMap((b, i) =>
      b.type === 'input' && JSON.stringify(blocks[i + 1] ?? {}).includes('Answer this question') ? [b.block_id] : [],
    );
    expect(flagged).toEqual(['q:kpi_assessment', 'q:kpi_representative_data']);
    // The first missing field has the focus; the answers kept on the page are still filled in.
    const focused = blocks.filter((b) => b.element?.focus_on_load === true).map((b) => b.block_id);
    expect(focused).toEqual(['q:kpi_assessment']);
    const measuredOn = blocks.find((b) => b.block_id === 'q:kpi_measured_on');
    expect(measuredOn?.element?.initial_date).toBe(ops.kpi_measured_on);
    expect(await answers().countDocuments({ reviewId })).toBe(0);
    expect(h.sim.violations).toEqual([]);

    // Answer the flagged page: the last page comes back as typed, and the whole questionnaire saves.
    const page0 = { ...body.view, id: last.id };
    const again = nextPage(await submitPage(h, { userId: user, role, view: page0, answers: ops }), page0);
    if (!again) throw new Error('the flagged page was not accepted');
    expect(again.submit?.text).toBe('Submit answers');
    const investment = (again.blocks as { block_id?: string; element?: { initial_value?: string } }[]).find(
      (b) => b.block_id === 'q:bc_investment',
    );
    expect(investment?.element?.initial_value).toBe(String(ops.bc_investment));
    const saved = await submitPage(h, { userId: user, role, view: again, answers: ops });
    expect(saved.text).toBe('');
    expect((await answers().findOne({ reviewId, role }))?.answers).toEqual(ops);
  });

  it('all five confirmed → the card says ready to scale', async () => {
    const reviewId = await newReview('Ready pilot');
    await answerAll(h, reviewId);
    const shown = await card(reviewId);
    expect(shown.text).toBe("Ready for the sponsor's decision: ready to scale · Ready pilot");
    expect(JSON.stringify(shown.blocks)).toContain('*Outcome:* Ready to scale: proceed to production');
    const review = await reviews().findOne({ _id: oid(reviewId) });
    expect(review?.outcome).toBe('proceed');
    expect(review?.answeredRoles).toHaveLength(5);
    expect(h.sim.violations).toEqual([]);
  });

  it('tells a non-stakeholder who holds which role, ephemerally in the channel, and opens no modal', async () => {
    const reviewId = await newReview('Forecast assistant');
    const shown = await card(reviewId);
    const ack = await h.slack.blockAction({
      userId: 'U0STRANGER',
      actionId: 'review.answer.open',
      value: reviewId,
      channelId: CHANNEL,
      messageTs: shown.ts,
    });
    expect(ack.status).toBe(200);
    const told = await eventually(() => h.sim.ephemerals.find((e) => e.user === 'U0STRANGER'));
    expect(told.channel).toBe(CHANNEL);
    expect(told.text).toContain('You hold no role in the gate review of Forecast assistant');
    expect(told.text).toContain(`Ask <@${STAKEHOLDERS.executive_sponsor}> if it should be you.`);
    const toldBlocks = JSON.stringify(told.blocks);
    for (const role of ROLE_IDS) expect(toldBlocks).toContain(`*${ROLE_LABELS[role]}*: <@${STAKEHOLDERS[role]}>`);
    expect(h.sim.callsTo('views.open')).toHaveLength(1); // only the registration modal
    expect(await answers().countDocuments({ reviewId })).toBe(0);
    expect(h.sim.violations).toEqual([]);
  });

  it('reopens pre-filled; an edited answer (representative data: No) turns KPIs conditional on the card', async () => {
    const reviewId = await newReview('Churn predictor');
    await answerAs(h, {
      reviewId,
      role: 'executive_sponsor',
      userId: STAKEHOLDERS.executive_sponsor,
      assessment: 'confirmed',
    });
    await answerAs(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
      assessment: 'confirmed',
    });
    expect(JSON.stringify((await card(reviewId)).blocks)).toContain('🟢 *KPIs validated on representative data*');
    const reopened = await openQuestionnaire(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
    });
    const kpiBlock = reopened.blocks.find((b) => (b as { block_id?: string }).block_id === 'q:kpi_representative_data');
    expect(kpiBlock).toMatchObject({ element: { initial_option: { value: 'yes' } } });
    await answerAs(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
      assessment: 'confirmed',
      overrides: { kpi_representative_data: false },
    });
    const shown = await card(reviewId);
    expect(JSON.stringify(shown.blocks)).toContain('🟡 *KPIs validated on representative data*');
    expect(JSON.stringify(shown.blocks)).toContain('KPIs measured on curated data');
    const review = await reviews().findOne({ _id: oid(reviewId) });
    expect(review?.statuses.find((s: { signal: string }) => s.signal === 'kpi_validation')?.status).toBe('conditional');
    expect(await answers().countDocuments({ reviewId, role: 'operational_lead' })).toBe(1);
    const edits = await mongoose.connection
      .collection('audit_events')
      .find({ reviewId, type: 'answer.submitted', subject: 'operational_lead' })
      .sort({ seq: 1 })
      .toArray();
    expect(edits).toHaveLength(2);
    expect(edits[1]?.before.kpi_representative_data).toBe(true);
    expect(edits[1]?.after.kpi_representative_data).toBe(false);
    expect(h.sim.violations).toEqual([]);
  });

  it('five stakeholders submitting at the same moment all land, and the card matches the database', {
    timeout: 45_000,
  }, async () => {
    const reviewId = await newReview('Simultaneous pilot');
    const manifest = h.server.deps.manifests.current;
    const roles = Object.keys(STAKEHOLDERS) as (keyof typeof STAKEHOLDERS)[];
    const lastPages = [];
    for (const role of roles) {
      const userId = STAKEHOLDERS[role];
      const view = await openQuestionnaire(h, { reviewId, role, userId });
      const answersOf = validAnswers(manifest, role, 'confirmed');
      lastPages.push({
        role,
        userId,
        answersOf,
        view: await fillUpToLastPage(h, { userId, role, view, answers: answersOf }),
      });
    }
    const acks = await Promise.all(
      lastPages.map((p) => submitPage(h, { userId: p.userId, role: p.role, view: p.view, answers: p.answersOf })),
    );
    expect(acks.map((a) => a.text)).toEqual(['', '', '', '', '']);
    // Five follow-ups queue behind each other (two at a time per process): on a loaded machine they
    // can take longer than eventually()'s default 5 s, which says nothing about their result.
    const settleMs = 15_000;
    const review = await eventually(async () => {
      const r = await reviews().findOne({ _id: oid(reviewId) });
      return r?.answeredRoles.length === 5 ? r : null;
    }, settleMs);
    expect(await answers().countDocuments({ reviewId, round: 1 })).toBe(5);
    expect(review.outcome).toBe('proceed');
    await eventually(
      async () => (await card(reviewId)).text.startsWith("Ready for the sponsor's decision: ready to scale"),
      settleMs,
    );
    // Once every refresh has settled, the card shows exactly what the database holds, not an older state.
    await new Promise((r) => setTimeout(r, 300));
    const { repos } = h.server.deps;
    const stored = (await repos.reviews.byId(h.sim.team.id, reviewId))!;
    const pilot = (await repos.pilots.byId(h.sim.team.id, stored.pilotId))!;
    const shown = await card(reviewId);
    expect(shown.text).toBe(reviewCard(pilot, stored).text);
    expect(shown.blocks).toEqual(JSON.parse(JSON.stringify(reviewCard(pilot, stored).blocks)));
    const events = await mongoose.connection.collection('audit_events').find({ reviewId }).sort({ seq: 1 }).toArray();
    expect(events.filter((e) => e.type === 'answer.submitted')).toHaveLength(5);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(h.sim.violations).toEqual([]);
  });

  it('a save the database refuses keeps the modal open with an inline error, and nothing is saved', async () => {
    const reviewId = await newReview('Flaky database pilot');
    const user = STAKEHOLDERS.governance_lead;
    const view = await openQuestionnaire(h, { reviewId, role: 'governance_lead', userId: user });
    const manifest = h.server.deps.manifests.current;
    const down = Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' });
    // Fault injection at the repository boundary: the real database stays up for the checks below.
    const spy = vi.spyOn(h.server.deps.repos.reviews, 'saveAnswer').mockRejectedValueOnce(down);
    const updates = h.sim.callsTo('chat.update').length;
    const ack = await submitPage(h, {
      userId: user,
      role: 'governance_lead',
      view,
      answers: validAnswers(manifest, 'governance_lead', 'confirmed'),
    });
    spy.mockRestore();
    const body = ack.json as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors['q:governance_assessment']).toMatch(
      /^PilotGate cannot reach its database right now, so nothing was saved\. Please try again in a minute\. \(ref [0-9a-f]{8}\)$/,
    );
    expect(await answers().countDocuments({ reviewId })).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.sim.callsTo('chat.update')).toHaveLength(updates);
    expect(h.sim.violations).toEqual([]);
  });
});
