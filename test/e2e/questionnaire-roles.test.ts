import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAs, openQuestionnaire, reviewIdOf, submitPage, validAnswers } from '../support/flows/answer.js';
import { CHANNEL, type RegistrationValues, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const reviews = () => mongoose.connection.collection('reviews');
const answers = () => mongoose.connection.collection('answers');
const oid = (id: string) => new mongoose.Types.ObjectId(id);
const SPONSOR = STAKEHOLDERS.executive_sponsor;

async function newReview(name: string, stakeholders: RegistrationValues['stakeholders'] = {}) {
  const ack = await registerPilot(h, { name, stakeholders });
  expect(ack.text).toBe('');
  const reviewId = await eventually(() => reviewIdOf(h, name).catch(() => null));
  const review = await eventually(async () => {
    const r = await reviews().findOne({ _id: oid(reviewId) });
    return r?.card?.ts ? r : null;
  });
  return { reviewId, card: review.card as { channel: string; ts: string } };
}

const clickAnswer = (reviewId: string, userId: string, card: { channel: string; ts: string }) =>
  h.slack.blockAction({
    userId,
    actionId: 'review.answer.open',
    value: reviewId,
    channelId: card.channel,
    messageTs: card.ts,
  });

describe('someone holding several roles', () => {
  it('picks a role; a views.update Slack rejects is shown on the picker (or by DM) and saved answers stay', async () => {
    const { reviewId, card } = await newReview('Dual role pilot', { operational_lead: SPONSOR });
    await answerAs(h, { reviewId, role: 'executive_sponsor', userId: SPONSOR, assessment: 'confirmed' });
    const saved = await answers().findOne({ reviewId, role: 'executive_sponsor' });
    expect(saved).not.toBeNull();

    const click = await clickAnswer(reviewId, SPONSOR, card);
    const open = await eventually(() => h.sim.callsTo('views.open').find((c) => c.args.trigger_id === click.triggerId));
    const picker = (open.response as { view: { id: string; callback_id: string; blocks: unknown[] } }).view;
    expect(picker.callback_id).toBe('review.answer.picker');
    expect(JSON.stringify(picker.blocks)).toContain('✅ Answered');
    expect(JSON.stringify(picker.blocks)).toContain('⏳ Not answered yet');

    h.sim.inject('views.update', { error: 'internal_error' });
    await h.slack.blockAction({
      userId: SPONSOR,
      actionId: 'review.answer.pick_role',
      value: 'operational_lead',
      view: { id: picker.id },
    });
    const shown = await eventually(() => {
      const v = h.sim.views.get(picker.id);
      return JSON.stringify(v?.blocks ?? []).includes('I could not open the Operational lead questions') ? v : null;
    });
    expect(shown.callback_id).toBe('review.answer.picker');

    h.sim.inject('views.update', { error: 'internal_error', times: 2 });
    await h.slack.blockAction({
      userId: SPONSOR,
      actionId: 'review.answer.pick_role',
      value: 'operational_lead',
      view: { id: picker.id },
    });
    const dm = await eventually(() => h.sim.dmsTo(SPONSOR).find((m) => m.text.includes('I could not open')));
    expect(dm.text).toContain('Your saved answers are unchanged');

    expect(await answers().findOne({ reviewId, role: 'executive_sponsor' })).toEqual(saved);
    expect(await answers().countDocuments({ reviewId })).toBe(1);
    const review = await reviews().findOne({ _id: oid(reviewId) });
    expect(review?.answeredRoles).toEqual(['executive_sponsor']);
    expect(h.sim.violations).toEqual([]);
  });

  it('after saving one role through the picker, comes back to the picker for the other', async () => {
    const { reviewId } = await newReview('Picker return pilot', { change_lead: STAKEHOLDERS.technology_lead });
    const user = STAKEHOLDERS.technology_lead;
    const view = await openQuestionnaire(h, { reviewId, role: 'change_lead', userId: user });
    const manifest = h.server.deps.manifests.current;
    const ack = await submitPage(h, {
      userId: user,
      role: 'change_lead',
      view,
      answers: validAnswers(manifest, 'change_lead', 'confirmed'),
    });
    const body = ack.json as { response_action: string; view: { callback_id: string; blocks: unknown[] } };
    expect(body.response_action).toBe('update');
    expect(body.view.callback_id).toBe('review.answer.picker');
    expect(JSON.stringify(body.view.blocks)).toMatch(/Change lead\*\\n✅ Answered/);
    expect(await answers().countDocuments({ reviewId, role: 'change_lead' })).toBe(1);
  });
});

describe('after the decision', () => {
  it('refuses answers: an open form gets an inline error and saves nothing; the button says answers are locked', async () => {
    const { reviewId, card } = await newReview('Decided pilot');
    const user = STAKEHOLDERS.technology_lead;
    const view = await openQuestionnaire(h, { reviewId, role: 'technology_lead', userId: user });
    const decided = await h.server.deps.repos.reviews.recordDecision(
      h.sim.team.id,
      reviewId,
      {
        decision: 'pause',
        reason: 'Budget frozen',
        by: SPONSOR,
        at: h.clock.now(),
        round: 1,
      },
      0,
    );
    expect(decided?.decidedRound).toBe(1);
    const manifest = h.server.deps.manifests.current;
    const ack = await submitPage(h, {
      userId: user,
      role: 'technology_lead',
      view,
      answers: validAnswers(manifest, 'technology_lead', 'confirmed'),
    });
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: { 'q:data_assessment': 'The sponsor has recorded a decision; answers are locked; nothing was saved.' },
    });
    expect(await answers().countDocuments({ reviewId })).toBe(0);

    const opens = h.sim.callsTo('views.open').length;
    await clickAnswer(reviewId, user, card);
    const told = await eventually(() => h.sim.ephemerals.find((e) => e.user === user));
    expect(told.text).toContain('answers are locked');
    expect(told.channel).toBe(CHANNEL);
    expect(h.sim.callsTo('views.open')).toHaveLength(opens);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('disagreement', () => {
  it('opens one thread on the card tagging both assessors, however many saves follow', async () => {
    const { reviewId, card } = await newReview('Split pilot');
    await answerAs(h, { reviewId, role: 'executive_sponsor', userId: SPONSOR, assessment: 'confirmed' });
    await answerAs(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
      assessment: 'confirmed',
      overrides: { kpi_assessment: 'failed' },
    });
    const threads = () => (h.sim.messages.get(CHANNEL) ?? []).filter((m) => m.thread_ts === card.ts);
    const thread = await eventually(() => threads()[0]);
    expect(thread.text).toMatch(/^Assessors disagree on KPIs for /);
    expect(thread.text).toContain(`<@${SPONSOR}> (Sponsor) confirmed`);
    expect(thread.text).toContain(`<@${STAKEHOLDERS.operational_lead}> (Ops) failed`);
    expect(thread.text).toMatch(/Reconcile in this thread\.$/);
    expect(JSON.stringify(h.sim.findMessage(card.channel, card.ts)?.blocks)).toContain('assessors disagree');

    await answerAs(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
      assessment: 'confirmed',
      overrides: { kpi_assessment: 'failed', kpi_results: 'Re-measured' },
    });
    await answerAs(h, {
      reviewId,
      role: 'technology_lead',
      userId: STAKEHOLDERS.technology_lead,
      assessment: 'confirmed',
    });
    expect(threads()).toHaveLength(1);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('Details', () => {
  it('shows every reason, who assessed what, the KPIs, kill and scale criteria and the business case', async () => {
    const { reviewId, card } = await newReview('Detailed pilot');
    await answerAs(h, { reviewId, role: 'executive_sponsor', userId: SPONSOR, assessment: 'confirmed' });
    await answerAs(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
      assessment: 'conditional',
      overrides: { bc_investment: 250000, kpi_representative_data: false },
    });
    const click = await h.slack.blockAction({
      userId: 'U0ANYONE',
      actionId: 'review.details.open',
      value: reviewId,
      channelId: card.channel,
      messageTs: card.ts,
    });
    const open = await eventually(() => h.sim.callsTo('views.open').find((c) => c.args.trigger_id === click.triggerId));
    const view = (open.response as { view: { callback_id: string; blocks: unknown[] } }).view;
    expect(view.callback_id).toBe('review.details.view');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Operational lead: KPIs measured on curated data, not production-representative data');
    expect(text).toContain(`Executive sponsor (<@${SPONSOR}>): Confirmed`);
    expect(text).toContain(`Operational lead (<@${STAKEHOLDERS.operational_lead}>): Conditional`);
    expect(text).toContain('Invoice cycle time: 4.2 days → 1 day');
    expect(text).toContain('Accuracy below 90% after eight weeks');
    expect(text).toContain('Cycle time under 1.5 days on production data');
    expect(text).toContain('Investment needed to reach all five signals');
    expect(text).toContain('250,000 USD');
    expect(h.sim.violations).toEqual([]);
  });
});
