import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { eventually, SIGNING_SECRET, useApp } from '../support/app-harness.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';
import { signSlackRequest } from '../support/signed-client.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const pilots = () => mongoose.connection.collection('pilots');

describe('/gate start → registration modal → review opened', () => {
  it('opens the registration modal with the name from the command text', async () => {
    const ack = await h.slack.command({ text: 'start  Claims summariser ', userId: 'U0SPONSOR', channelId: CHANNEL });
    expect(ack.status).toBe(200);
    const [open] = await eventually(() => (h.sim.callsTo('views.open').length ? h.sim.callsTo('views.open') : null));
    const view = open?.args.view as {
      callback_id: string;
      blocks: { block_id?: string; element?: { initial_value?: string } }[];
    };
    expect(view.callback_id).toBe('pilot.register.submit');
    expect(view.blocks.find((b) => b.block_id === 'pilot.name')?.element?.initial_value).toBe('Claims summariser');
    expect(h.sim.violations).toEqual([]);
  });

  it('saves the pilot and review, posts the card in the channel and DMs every stakeholder', async () => {
    const ack = await registerPilot(h, { name: 'Invoice triage assistant' });
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const card = await eventually(() => h.sim.lastMessageIn(CHANNEL));
    expect(card.text).toBe('Gate review opened — 0 of 5 answered · Invoice triage assistant');
    const pilot = await pilots().findOne({ teamId: 'T0SIM0001', nameKey: 'invoice triage assistant' });
    expect(pilot?.stage).toBe('in_review');
    expect(pilot?.kpis).toHaveLength(2);
    const review = await mongoose.connection.collection('reviews').findOne({ pilotId: String(pilot?._id) });
    expect(review?.card).toEqual({ channel: CHANNEL, ts: card.ts });
    for (const user of Object.values(STAKEHOLDERS)) {
      const dms = await eventually(() => (h.sim.dmsTo(user).length > 0 ? h.sim.dmsTo(user) : null));
      expect(dms[0]?.text).toMatch(/^Answer your gate review questions by .* · Invoice triage assistant$/);
    }
    const events = await mongoose.connection
      .collection('audit_events')
      .find({ reviewId: String(review?._id) })
      .toArray();
    expect(events.map((e) => e.type)).toEqual(['pilot.registered', ...Array(5).fill('role.assigned'), 'stage.changed']);
    expect(h.sim.violations).toEqual([]);
  });

  it('rejects a duplicate name (any case) inline and saves nothing new', async () => {
    const before = await pilots().countDocuments();
    const ack = await registerPilot(h, { name: 'INVOICE Triage Assistant' });
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: {
        'pilot.name': 'A pilot named "Invoice triage assistant" already exists in this workspace; pick another name',
      },
    });
    expect(await pilots().countDocuments()).toBe(before);
  });

  it('returns the exact inline errors for an invalid submission', async () => {
    const ack = await registerPilot(h, {
      name: 'Bad one',
      date: '2026-11-01',
      kpis: 'cycle time 4 days',
      regulated: null,
      stakeholders: { operational_lead: null },
    });
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: {
        'pilot.kpi_date': 'Pick today or a later date',
        'pilot.kpi.0.baseline': 'Write the baseline of “cycle time 4 days”, such as 20 (or clear the row)',
        'pilot.kpi.0.target': 'Write the target of “cycle time 4 days”, such as 60 (or clear the row)',
        'pilot.regulated': 'Say whether the use case is in a regulated industry',
        'pilot.role.operational_lead': 'Name the operational lead: every role needs a person before the review opens',
      },
    });
    expect(await pilots().countDocuments({ nameKey: 'bad one' })).toBe(0);
  });

  it('answers an unknown subcommand and empty text with usage help', async () => {
    const unknown = await h.slack.command({ text: 'frobnicate now', userId: 'U0SPONSOR' });
    expect(unknown.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^I don’t know `\/gate frobnicate`/),
    });
    const empty = await h.slack.command({ text: '', userId: 'U0SPONSOR' });
    expect((empty.json as { text: string }).text).toContain('/gate start [pilot name]');
    const help = await h.slack.command({ text: 'help', userId: 'U0SPONSOR' });
    expect((help.json as { text: string }).text).toContain('/gate decide [pilot]');
  });
});

describe('request signing', () => {
  const body = new URLSearchParams({
    command: '/gate',
    text: 'help',
    user_id: 'U1',
    team_id: 'T0SIM0001',
    channel_id: 'C1',
  }).toString();

  it('rejects a bad signature with 401', async () => {
    const ack = await h.slack.raw({ body, contentType: 'application/x-www-form-urlencoded', signature: 'v0=deadbeef' });
    expect(ack.status).toBe(401);
  });

  it('rejects a correctly signed request older than 5 minutes with 401', async () => {
    const ts = Math.floor(Date.now() / 1000) - 6 * 60;
    const ack = await h.slack.raw({
      body,
      contentType: 'application/x-www-form-urlencoded',
      timestamp: ts,
      signature: signSlackRequest(SIGNING_SECRET, ts, body),
    });
    expect(ack.status).toBe(401);
  });

  it('serves /healthz and /readyz', async () => {
    const base = `http://127.0.0.1:${h.server.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, database: 'reachable' });
  });
});
