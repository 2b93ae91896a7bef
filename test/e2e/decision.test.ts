import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll, answerAs } from '../support/flows/answer.js';
import {
  blockIds,
  CHANNEL,
  cardRef,
  choose,
  clickDecide,
  GOOD_MONITORING,
  newReview,
  offered,
  oid,
  openDecision,
  openedWith,
  submitDecision,
} from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';
import type { SimView } from '../support/slack-simulator.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z'), env: { GATE_ADMINS: 'U0ADMIN' } });
const reviews = () => mongoose.connection.collection('reviews');
const pilots = () => mongoose.connection.collection('pilots');
const audit = (reviewId: string) =>
  mongoose.connection.collection('audit_events').find({ reviewId }).sort({ seq: 1 }).toArray();

const pilotOf = async (reviewId: string) => {
  const review = await reviews().findOne({ _id: oid(reviewId) });
  return pilots().findOne({ _id: oid(String(review?.pilotId)) });
};

const viewText = (view: { blocks: unknown[] }) => JSON.stringify(view.blocks);

/** Clicks *Details* in the decision modal; returns the view pushed on top of it. */
async function pushDetails(harness: typeof h, modal: SimView, reviewId: string): Promise<SimView> {
  const click = await harness.slack.blockAction({
    userId: 'U0SPONSOR',
    actionId: 'decision.record.details',
    value: reviewId,
    view: { id: modal.id },
  });
  const call = await eventually(() =>
    harness.sim
      .callsTo('views.push')
      .find((c) => c.args.trigger_id === click.triggerId && (c.response as { ok?: boolean }).ok),
  );
  return harness.sim.views.get((call.response as { view: { id: string } }).view.id)!;
}

describe('decision: all five confirmed → proceed', () => {
  // Changed on purpose (issue 15 item 2): the business case and KPIs are behind *Details* (pushed on the modal).
  it('shows the criteria (business case behind Details), offers proceed, and records it once', async () => {
    const reviewId = await newReview(h, 'Invoice triage');
    await answerAll(h, reviewId);
    const modal = await openDecision(h, reviewId);
    expect(modal.callback_id).toBe('decision.record.submit');
    expect(offered(modal)).toEqual(['proceed', 'pause', 'terminate']);
    expect(viewText(modal)).toContain('Accuracy below 90% after eight weeks');
    expect(viewText(modal)).toContain('Cycle time under 1.5 days on production data');
    const details = await pushDetails(h, modal, reviewId);
    expect(viewText(details)).toContain('Business case');
    expect(viewText(details)).toContain('Invoice cycle time: 4.2 days → 1 day');

    const proceed = await choose(h, modal, 'proceed');
    expect(blockIds(proceed)).toEqual(
      expect.arrayContaining([
        'monitor.model_output_quality',
        'monitor.user_adoption_rate',
        'monitor.data_pipeline_reliability',
        'monitor.escalation_volume',
        'monitor.incident_deciders',
      ]),
    );
    const ok = await submitDecision(h, proceed, { decision: 'proceed', ...GOOD_MONITORING });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    const pilot = await eventually(async () => {
      const p = await pilotOf(reviewId);
      return p?.stage === 'production' ? p : null;
    });
    expect(pilot.productionAt).toEqual(new Date('2026-11-25T12:00:00Z'));
    expect(pilot.monitoringPlan.metrics).toHaveLength(4);
    expect(pilot.monitoringPlan.metrics[0]).toEqual({
      metric: 'model_output_quality',
      threshold: 'Accuracy below 92% on the weekly sample',
    });
    expect(pilot.monitoringPlan.incidentOwners).toContain('<@U0OPSLEAD>');
    expect(pilot.monitoringPlan.capturedBy).toBe('U0SPONSOR');

    const card = await cardRef(reviewId);
    const posted = await eventually(() =>
      (h.sim.messages.get(CHANNEL) ?? []).find((m) => m.thread_ts === card.ts && /Decision for/.test(m.text)),
    );
    expect(posted.text).toMatch(/^Decision for Invoice triage: Proceed to production/);
    await eventually(() =>
      JSON.stringify(h.sim.findMessage(card.channel, card.ts)?.blocks).includes('*Decision:* Proceed'),
    );

    const again = await submitDecision(h, proceed, { decision: 'proceed', ...GOOD_MONITORING });
    expect(again.json).toEqual({
      response_action: 'errors',
      errors: { 'decision.choice': expect.stringContaining('already recorded') },
    });
    const review = await reviews().findOne({ _id: oid(reviewId) });
    expect(review?.decisions).toHaveLength(1);
    // The decision record's event follows after the ack, when the PDF is rendered (decision-record.test.ts).
    const decisionTypes = (await audit(reviewId)).map((e) => e.type).filter((t) => t !== 'decision.record_rendered');
    expect(decisionTypes.slice(-3)).toEqual(['decision.recorded', 'stage.changed', 'monitoring_plan.captured']);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('decision: proceed with the monitoring plan left to the operational lead', () => {
  it('records the proceed, files the ops lead’s monitoring task with a due date and DMs them once', async () => {
    const reviewId = await newReview(h, 'Claims routing');
    await answerAll(h, reviewId);
    const proceed = await choose(h, await openDecision(h, reviewId), 'proceed');
    const dmsBefore = h.sim.dmsTo('U0OPSLEAD').length;
    const ok = await submitDecision(h, proceed, {
      decision: 'proceed',
      thresholds: { model_output_quality: 'Accuracy below 92%' },
    });
    expect(ok.text).toBe('');
    const pilot = await eventually(async () => {
      const p = await pilotOf(reviewId);
      return p?.stage === 'production' ? p : null;
    });
    expect(pilot.monitoringPlan.metrics).toEqual([{ metric: 'model_output_quality', threshold: 'Accuracy below 92%' }]);
    const items = await eventually(async () => {
      const found = await mongoose.connection.collection('plan_items').find({ reviewId }).toArray();
      return found.length ? found : null;
    });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ownerId: 'U0OPSLEAD', dueDate: '2026-12-09', round: 1 });
    expect(items[0]?.action).toContain('User adoption rate (e.g. under 60% of trained users active weekly)');
    const dm = await eventually(() =>
      h.sim
        .dmsTo('U0OPSLEAD')
        .slice(dmsBefore)
        .find((m) => /monitoring/.test(m.text)),
    );
    expect(dm.text).toBe('Set the monitoring plan for Claims routing by 2026-12-09: it is going to production.');
    expect(JSON.stringify(dm.blocks)).toContain('plan.item.done');
    const card = await cardRef(reviewId);
    const posted = await eventually(() =>
      (h.sim.messages.get(CHANNEL) ?? []).find((m) => m.thread_ts === card.ts && /Decision for/.test(m.text)),
    );
    expect(JSON.stringify(posted.blocks)).toContain('<@U0OPSLEAD> sets the rest by');
    expect(h.sim.violations).toEqual([]);
  });
});

describe('decision: one failed → pause', () => {
  it('offers only pause and terminate, needs a reason, and pauses the pilot', async () => {
    const reviewId = await newReview(h, 'Claims summariser');
    await answerAll(h, reviewId, { change_lead: 'failed' });
    const modal = await openDecision(h, reviewId);
    expect(offered(modal)).toEqual(['pause', 'terminate']);
    const pause = await choose(h, modal, 'pause');
    expect(blockIds(pause)).toContain('decision.reason');
    const noReason = await submitDecision(h, pause, { decision: 'pause', reason: '  ' });
    expect(noReason.json).toEqual({
      response_action: 'errors',
      errors: { 'decision.reason': 'Give a reason to pause the pilot.' },
    });
    const ok = await submitDecision(h, pause, { decision: 'pause', reason: 'No adoption plan yet; retry in Q2' });
    expect(ok.text).toBe('');
    await eventually(async () => (await pilotOf(reviewId))?.stage === 'paused');
    const message = await eventually(() =>
      (h.sim.messages.get(CHANNEL) ?? []).find((m) => /^Decision for Claims summariser: Pause/.test(m.text)),
    );
    expect(message.text).toContain('No adoption plan yet; retry in Q2');
    const review = await reviews().findOne({ _id: oid(reviewId) });
    expect(review?.decisions).toMatchObject([{ decision: 'pause', by: 'U0SPONSOR', round: 1 }]);
    expect(h.sim.violations).toEqual([]);
  });

  it('pause and terminate stay possible after a round is decided (allowed at any time), each once, nothing after terminate', async () => {
    const reviewId = await newReview(h, 'Paused then stopped');
    await answerAll(h, reviewId, { change_lead: 'failed' });
    const first = await choose(h, await openDecision(h, reviewId), 'pause');
    expect((await submitDecision(h, first, { decision: 'pause', reason: 'Budget freeze' })).text).toBe('');
    await eventually(async () => (await pilotOf(reviewId))?.stage === 'paused');

    const again = await openDecision(h, reviewId);
    expect(offered(again)).toEqual(['terminate']);
    const replayed = await submitDecision(h, first, { decision: 'pause', reason: 'Budget freeze' });
    expect(replayed.json).toMatchObject({
      response_action: 'errors',
      errors: { 'decision.choice': expect.stringMatching(/already recorded/) },
    });

    const stop = await choose(h, again, 'terminate');
    expect((await submitDecision(h, stop, { decision: 'terminate', reason: 'Vendor exited the market' })).text).toBe(
      '',
    );
    await eventually(async () => (await pilotOf(reviewId))?.stage === 'terminated');
    const review = await reviews().findOne({ _id: oid(reviewId) });
    expect(review?.decisions.map((d: { decision: string }) => d.decision)).toEqual(['pause', 'terminate']);
    const blocked = await clickDecide(h, reviewId, 'U0SPONSOR');
    expect(blocked.status).toBe(200);
    expect(h.sim.violations).toEqual([]);
  });

  it('refuses a proceed submitted against a failed review (server-side check), inline on the choice', async () => {
    const reviewId = await newReview(h, 'Forged proceed');
    await answerAll(h, reviewId, { change_lead: 'failed' });
    const modal = await openDecision(h, reviewId);
    const forged = await submitDecision(h, modal, { decision: 'proceed', ...GOOD_MONITORING });
    expect(forged.json).toMatchObject({
      response_action: 'errors',
      errors: { 'decision.choice': 'Proceed needs all five signals confirmed.' },
    });
    expect((await reviews().findOne({ _id: oid(reviewId) }))?.decisions).toEqual([]);
  });
});

describe('who may decide', () => {
  it('refuses a non-sponsor with an ephemeral naming the sponsor, and opens no modal', async () => {
    const reviewId = await newReview(h, 'Refusal pilot');
    const opened = h.sim.callsTo('views.open').length;
    const click = await clickDecide(h, reviewId, STAKEHOLDERS.technology_lead);
    expect(click.status).toBe(200);
    const reply = await eventually(() => h.sim.responses.find((r) => r.url === click.responseUrl));
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.body.text)).toContain('Only the executive sponsor of *Refusal pilot* (<@U0SPONSOR>)');
    await new Promise((r) => setTimeout(r, 100));
    expect(h.sim.callsTo('views.open')).toHaveLength(opened);
    expect(h.sim.violations).toEqual([]);
  });

  it('explains, without choices, that nothing is decided before the operational lead answers', async () => {
    const reviewId = await newReview(h, 'Waiting pilot');
    await answerAs(h, { reviewId, role: 'executive_sponsor', userId: 'U0SPONSOR', assessment: 'confirmed' });
    const modal = await openDecision(h, reviewId);
    expect(offered(modal)).toEqual([]);
    expect(modal.submit).toBeNull();
    expect(viewText(modal)).toContain('Nothing can be decided yet');
    expect(viewText(modal)).toContain('<@U0OPSLEAD>');
    expect(h.sim.violations).toEqual([]);
  });

  it('Remind the missing people in the cannot-decide modal reminds them, as /gate remind does', async () => {
    const reviewId = await newReview(h, 'Remind from modal');
    await answerAs(h, { reviewId, role: 'executive_sponsor', userId: 'U0SPONSOR', assessment: 'confirmed' });
    const modal = await openDecision(h, reviewId);
    expect(JSON.stringify(modal.blocks[0])).toContain('Remind the missing people');
    const before = h.sim.dmsTo('U0OPSLEAD').length;
    const click = await h.slack.blockAction({
      userId: 'U0SPONSOR',
      actionId: 'review.remind.now',
      value: reviewId,
      view: { id: modal.id },
    });
    expect(click.status).toBe(200);
    await eventually(() => h.sim.dmsTo('U0OPSLEAD').length > before);
    const told = await eventually(() =>
      h.sim.dmsTo('U0SPONSOR').find((m) => /^Sent \d reminders? for \*Remind from modal\*/.test(m.text)),
    );
    expect(told.text).toContain('<@U0OPSLEAD>');
    expect(h.sim.violations).toEqual([]);
  });
});

describe('gate admins and concurrent submissions', () => {
  it('lets a gate admin decide, and stores one decision when the same submission arrives twice at once', async () => {
    const reviewId = await newReview(h, 'Admin decided');
    await answerAll(h, reviewId, { governance_lead: 'conditional' });
    const modal = await openDecision(h, reviewId, 'U0ADMIN');
    const terminate = await choose(h, modal, 'terminate', 'U0ADMIN');
    const values = { decision: 'terminate', reason: 'Budget moved to another use case' };
    const acks = await Promise.all([
      submitDecision(h, terminate, values, 'U0ADMIN'),
      submitDecision(h, terminate, values, 'U0ADMIN'),
    ]);
    expect(acks.map((a) => a.text === '').sort()).toEqual([false, true]);
    const refused = acks.find((a) => a.text !== '');
    expect(refused?.json).toEqual({
      response_action: 'errors',
      errors: { 'decision.choice': expect.stringContaining('already recorded') },
    });
    await eventually(async () => (await pilotOf(reviewId))?.stage === 'terminated');
    const review = await reviews().findOne({ _id: oid(reviewId) });
    expect(review?.decisions).toMatchObject([{ decision: 'terminate', by: 'U0ADMIN' }]);
    const decided = (await audit(reviewId)).filter((e) => e.type === 'decision.recorded');
    expect(decided).toHaveLength(1);
    const card = await cardRef(reviewId);
    // A terminated pilot's card has no buttons left.
    await eventually(
      () => !JSON.stringify(h.sim.findMessage(card.channel, card.ts)?.blocks).includes('Record decision'),
    );
    expect(h.sim.violations).toEqual([]);
  });
});

describe('/gate decide', () => {
  it('answers an unknown pilot name with a helpful ephemeral', async () => {
    const ack = await h.slack.command({ text: 'decide No such pilot', userId: 'U0SPONSOR', channelId: CHANNEL });
    expect(ack.status).toBe(200);
    const reply = await eventually(() => h.sim.responses.find((r) => r.url === ack.responseUrl));
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.body.text)).toMatch(/I found no pilot named “No such pilot”/);
    expect(String(reply.body.text)).toContain('Invoice triage');
    const bare = await h.slack.command({ text: 'decide', userId: 'U0SPONSOR', channelId: CHANNEL });
    const usage = await eventually(() => h.sim.responses.find((r) => r.url === bare.responseUrl));
    expect(String(usage.body.text)).toContain('Usage: `/gate decide [pilot name]`');
    expect(String(usage.body.text)).toContain('• Invoice triage (decided)');
    expect(h.sim.callsTo('views.open')).toHaveLength(0);
  });

  it('opens the modal for a pilot named in any case, and refuses a second decision in the round', async () => {
    const reviewId = await newReview(h, 'Supplier matching');
    await answerAll(h, reviewId);
    const ack = await h.slack.command({ text: 'decide SUPPLIER matching', userId: 'U0SPONSOR', channelId: CHANNEL });
    const modal = await openedWith(h, ack.triggerId);
    expect(JSON.parse(modal.private_metadata)).toEqual({ reviewId, round: 1 });
    const terminate = await choose(h, modal, 'terminate');
    expect((await submitDecision(h, terminate, { decision: 'terminate', reason: 'Vendor withdrawn' })).text).toBe('');
    await eventually(async () => (await pilotOf(reviewId))?.stage === 'terminated');
    const second = await h.slack.command({ text: 'decide Supplier matching', userId: 'U0SPONSOR', channelId: CHANNEL });
    const reply = await eventually(() => h.sim.responses.find((r) => r.url === second.responseUrl));
    expect(String(reply.body.text)).toContain('already recorded');
    expect(h.sim.violations).toEqual([]);
  });
});
