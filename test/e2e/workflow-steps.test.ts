import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';
import type { Args } from '../support/slack-simulator.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const pilots = () => mongoose.connection.collection('pilots');
const PRINT = process.env.PRINT_SURFACES === '1';

/** The inputs a three-step workflow (form → Open a gate review → message) would pass. */
function openInputs(over: Args = {}): Args {
  return {
    pilot_name: 'Supplier onboarding copilot',
    channel: CHANNEL,
    ...STAKEHOLDERS,
    kpi_validation_date: '2027-02-01',
    kpis: 'Onboarding time | 9 days | 3 days\nFirst-pass accuracy | 70% | 95%',
    kill_criteria: 'Accuracy below 85% after six weeks',
    scale_criteria: 'Onboarding under 4 days on production data',
    regulated: false,
    use_case: 'Drafts supplier onboarding checks',
    opened_by: 'U0SPONSOR',
    ...over,
  };
}

/** Runs a step and waits until the app completed or failed it; returns the execution as the simulator saw it. */
async function runStep(callbackId: string, inputs: Args, opts: { teamId?: string; allowMissing?: boolean } = {}) {
  const ack = await h.slack.functionExecuted({ callbackId, inputs, ...opts });
  expect(ack.status).toBe(200);
  return eventually(() => {
    const e = h.sim.functions.executions.get(ack.executionId);
    return e && e.state !== 'running' ? e : null;
  }, 10_000);
}

describe('Workflow Builder step: Open a gate review', () => {
  it('registers the pilot exactly as /gate start does and completes with the review card’s link', async () => {
    const done = await runStep(Ids.workflow.openReview, openInputs());
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('completed');
    const card = h.sim.lastMessageIn(CHANNEL);
    expect(card).toBeDefined();
    expect(done.outputs).toEqual({
      review_link: `https://simteam.slack.com/archives/${CHANNEL}/p${card?.ts.replace('.', '')}`,
    });
    const pilot = await pilots().findOne({ teamId: 'T0SIM0001', nameKey: 'supplier onboarding copilot' });
    expect(pilot?.stage).toBe('in_review');
    expect(pilot?.createdBy).toBe('U0SPONSOR');
    expect(pilot?.kpis).toHaveLength(2);
    const review = await mongoose.connection.collection('reviews').findOne({ pilotId: String(pilot?._id) });
    expect(review?.card).toEqual({ channel: CHANNEL, ts: card?.ts });
    const events = await mongoose.connection
      .collection('audit_events')
      .find({ reviewId: String(review?._id) })
      .toArray();
    expect(events.map((e) => e.type)).toEqual(['pilot.registered', ...Array(5).fill('role.assigned'), 'stage.changed']);
    for (const user of Object.values(STAKEHOLDERS)) {
      await eventually(() => h.sim.dmsTo(user).length > 0);
    }
    // complete() goes out with the execution's own token, as Slack requires.
    const [call] = h.sim.callsTo('functions.completeSuccess');
    expect(call?.token).toBe(h.sim.functions.executions.get(done.id)?.token);
    expect(h.sim.violations).toEqual([]);
    if (PRINT) console.log('open_gate_review', JSON.stringify({ inputs: done.inputs, outputs: done.outputs }));
  });

  it('fails naming each bad input, and saves nothing', async () => {
    const before = await pilots().countDocuments();
    const done = await runStep(
      Ids.workflow.openReview,
      openInputs({ pilot_name: 'Late one', kpi_validation_date: '2026-11-01', kpis: 'cycle time 4 days' }),
    );
    expect(done.state).toBe('failed');
    expect(done.error).toBe(
      'kpi_validation_date: Pick today or a later date. kpis: Line 1 ("cycle time 4 days"): write each KPI as Name | baseline | target.',
    );
    expect(await pilots().countDocuments()).toBe(before);
    if (PRINT) console.log('open_gate_review failed', JSON.stringify({ error: done.error }));
  });

  it('holds a regulated pilot to separation of duties, naming the input that breaks it', async () => {
    const done = await runStep(
      Ids.workflow.openReview,
      openInputs({ pilot_name: 'Regulated sponsor and governance', regulated: true, governance_lead: 'U0SPONSOR' }),
    );
    expect(done.state).toBe('failed');
    expect(done.error).toBe(
      "governance_lead: Separation of duties: the executive sponsor can't also be the governance lead on a regulated pilot. Pick someone else, or ask a gate admin to record an exception.",
    );
    expect(await pilots().countDocuments({ nameKey: 'regulated sponsor and governance' })).toBe(0);
  });

  it('fails on a duplicate name (any case) with the input it is about', async () => {
    const done = await runStep(Ids.workflow.openReview, openInputs({ pilot_name: 'SUPPLIER onboarding copilot' }));
    expect(done.state).toBe('failed');
    expect(done.error).toBe(
      'pilot_name: A pilot named "Supplier onboarding copilot" already exists in this workspace; pick another name.',
    );
  });

  it('fails on a missing or mistyped input before touching the database', async () => {
    const before = await pilots().countDocuments();
    const { regulated: _r, ...withoutRegulated } = openInputs({ pilot_name: 'No answer on regulation' });
    const missing = await runStep(Ids.workflow.openReview, withoutRegulated, { allowMissing: true });
    expect(missing.error).toBe('regulated: Say whether the use case is in a regulated industry (true or false).');
    const { channel: _c, ...withoutChannel } = openInputs({ pilot_name: 'No channel' });
    const noChannel = await runStep(Ids.workflow.openReview, withoutChannel, { allowMissing: true });
    expect(noChannel.error).toBe('channel: Pick the channel the review card is posted in.');
    expect(await pilots().countDocuments()).toBe(before);
  });

  it('keeps the registered pilot and fails saying how to fix it when the card cannot be posted', async () => {
    h.sim.inject('chat.postMessage', { error: 'not_in_channel', times: 1 });
    const done = await runStep(
      Ids.workflow.openReview,
      openInputs({ pilot_name: 'Private channel pilot', channel: 'C0PRIVATE' }),
    );
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(
      /^channel: Private channel pilot is registered, but I could not post its review card in <#C0PRIVATE>: .+ invite me with \/invite @PilotGate/,
    );
    expect(await pilots().countDocuments({ nameKey: 'private channel pilot' })).toBe(1);
  });
});

describe('Workflow Builder step: Get gate status', () => {
  it('completes with the outcome, the stage and each signal’s status, as /gate status shows them', async () => {
    await registerPilot(h, { name: 'Invoice triage assistant' });
    await eventually(() => h.sim.lastMessageIn(CHANNEL));
    const done = await runStep(Ids.workflow.gateStatus, {
      pilot_name: 'invoice TRIAGE assistant',
      asked_by: 'U0SPONSOR',
    });
    expect(done.error).toBeUndefined();
    const card = h.sim.lastMessageIn(CHANNEL);
    expect(done.outputs).toEqual({
      outcome: 'Collecting answers',
      stage: 'In review',
      kpi_validation: expect.stringMatching(/^Pending/),
      data_infrastructure: expect.stringMatching(/^Pending/),
      governance: expect.stringMatching(/^Pending/),
      user_adoption: expect.stringMatching(/^Pending/),
      operational_ownership: expect.stringMatching(/^Pending/),
      review_link: `https://simteam.slack.com/archives/${CHANNEL}/p${card?.ts.replace('.', '')}`,
    });
    expect(h.sim.violations).toEqual([]);
    if (PRINT) console.log('get_gate_status', JSON.stringify({ inputs: done.inputs, outputs: done.outputs }));
  });

  it('fails naming pilot_name for an unknown pilot, with a suggestion', async () => {
    const done = await runStep(Ids.workflow.gateStatus, {
      pilot_name: 'Invoice triage asistant',
      asked_by: 'U0SPONSOR',
    });
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(
      /^pilot_name: No pilot named “Invoice triage asistant” in this workspace\. Did you mean/,
    );
    if (PRINT) console.log('get_gate_status failed', JSON.stringify({ error: done.error }));
  });

  it('never answers with another workspace’s pilot (the team comes from the event)', async () => {
    const done = await runStep(
      Ids.workflow.gateStatus,
      { pilot_name: 'Invoice triage assistant', asked_by: 'U0OTHER' },
      { teamId: 'T0OTHERTEAM' },
    );
    expect(done.state).toBe('failed');
    expect(done.error).toBe(
      'pilot_name: No pilot named “Invoice triage assistant” in this workspace. `/gate list` shows every pilot.',
    );
  });
});
