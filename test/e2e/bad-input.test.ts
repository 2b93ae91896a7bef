import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { eventually, SIGNING_SECRET, useApp } from '../support/app-harness.js';
import { CHANNEL, registerPilot } from '../support/flows/register.js';
import { mrkdwnTexts } from '../support/mrkdwn-texts.js';
import { seededRandom } from '../support/seeded-random.js';
import { signSlackRequest } from '../support/signed-client.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const pilots = () => mongoose.connection.collection('pilots');
const form = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
const FORM = 'application/x-www-form-urlencoded';

describe('bad input: registration fields', () => {
  it('escapes a pilot name that tries to ping the channel, everywhere it is shown in mrkdwn', async () => {
    const ack = await registerPilot(h, { name: 'Ping <!channel> & <@U0SPONSOR> *bold*' });
    expect(ack.status).toBe(200);
    await eventually(() => h.sim.lastMessageIn(CHANNEL));
    await eventually(() => h.sim.dmsTo('U0OPSLEAD')[0]);
    const rendered = mrkdwnTexts([...h.sim.messages.values()].flat().map((m) => ({ text: m.text, blocks: m.blocks })));
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.filter((t) => t.includes('<!channel>') || t.includes('<@U0SPONSOR> *bold*'))).toEqual([]);
    expect(rendered.some((t) => t.includes('Ping &lt;!channel&gt; &amp; &lt;@U0SPONSOR&gt; *bold*'))).toBe(true);
    expect(h.sim.violations).toEqual([]);
  });

  it.each([
    ['empty', '', 'Give the pilot a name'],
    ['whitespace only', ' \t  ', 'Give the pilot a name'],
    ['control characters only', '\u0000\u0007\u001b', 'Give the pilot a name'],
    ['10,000 characters', 'x'.repeat(10_000), 'Keep the name to 80 characters (it has 10000)'],
  ])('rejects a %s name inline and saves nothing', async (_label, name, message) => {
    const before = await pilots().countDocuments();
    const ack = await registerPilot(h, { name });
    expect(ack.json).toEqual({ response_action: 'errors', errors: { 'pilot.name': message } });
    expect(await pilots().countDocuments()).toBe(before);
  });

  it('keeps emoji and right-to-left text and strips control characters', async () => {
    const ack = await registerPilot(h, { name: 'مساعد الفواتير 🚀\u0007 v2' });
    expect(ack.status).toBe(200);
    const saved = await eventually(() => pilots().findOne({ name: 'مساعد الفواتير 🚀 v2' }));
    expect(saved.nameKey).toBe('مساعد الفواتير 🚀 v2');
  });

  it('rejects a KPI of 10,000 characters with a specific message', async () => {
    const ack = await registerPilot(h, { name: 'Long KPIs', kpis: `${'y'.repeat(10_000)} | 1 | 2` });
    expect((ack.json as { errors: Record<string, string> }).errors).toEqual({
      'pilot.kpi.0.name': 'Keep the name of KPI 1 to 150 characters (it has 10000)',
    });
  });

  it('a forged submission with private_metadata it cannot read gets an inline error, not a crash', async () => {
    const ack = await h.slack.viewSubmission({
      userId: 'U0SPONSOR',
      view: { callback_id: 'pilot.register.submit', private_metadata: '{"channelId":', state: { values: {} } },
    });
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: { 'pilot.name': 'This form is out of date; close it and run /gate start again' },
    });
  });
});

const ALPHABET = [
  'a',
  'Z',
  ' ',
  '\t',
  '\n',
  '\u0000',
  '\u202e',
  'é',
  '🚀',
  '<',
  '>',
  '&',
  '*',
  '`',
  '"',
  "'",
  '\\',
  '/',
  '%',
  '<!channel>',
  'status',
  'start',
  'decide',
  'list',
];

describe('bad input: fuzzed slash-command text', () => {
  it('answers 60 random /gate texts with 200, writes nothing, and stays up', async () => {
    const random = seededRandom(20261125);
    const collections = ['pilots', 'reviews', 'answers', 'audit_events'];
    const counts = async () => Promise.all(collections.map((c) => mongoose.connection.collection(c).countDocuments()));
    // Earlier tests' after-ack work (review opening, invites) must finish before we take the baseline.
    let before = await counts();
    for (let stable = 0; stable < 3; ) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await counts();
      stable = JSON.stringify(now) === JSON.stringify(before) ? stable + 1 : 0;
      before = now;
    }
    for (let i = 0; i < 60; i++) {
      const length = Math.floor(random() ** 3 * 3000);
      let text = '';
      while (text.length < length) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
      // `start` opens a modal and only saves on submit; every other word reads or answers with usage.
      const ack = await h.slack.command({ text, userId: 'U0FUZZ', channelId: 'C0FUZZ' });
      expect(ack.status, `case ${i}: ${JSON.stringify(text.slice(0, 60))}`).toBe(200);
    }
    expect(await counts()).toEqual(before);
    expect((await fetch(`http://127.0.0.1:${h.server.port}/healthz`)).status).toBe(200);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('bad input: requests', () => {
  it('acknowledges a payload of a type Slack never sends, at once', async () => {
    const ack = await h.slack.raw({
      body: form({ type: 'not_a_type', team: { id: 'T0SIM0001' }, user: { id: 'U1' } }),
      contentType: FORM,
    });
    expect(ack.status).toBe(200);
  });

  it('answers a truncated interactive payload with 400 and stays up', async () => {
    const ack = await h.slack.raw({ body: 'payload=%7B%22type%22%3A%22block_ac', contentType: FORM });
    expect(ack.status).toBe(400);
    expect((await fetch(`http://127.0.0.1:${h.server.port}/healthz`)).status).toBe(200);
  });

  it('rejects a body over 1 MB with 413', async () => {
    const ack = await h.slack.raw({ body: `command=%2Fgate&text=${'x'.repeat(1_100_000)}`, contentType: FORM });
    expect(ack.status).toBe(413);
  });

  it('acknowledges an unknown action_id at once instead of leaving Slack waiting', async () => {
    const started = Date.now();
    const ack = await h.slack.raw({
      body: form({
        type: 'block_actions',
        team: { id: 'T0SIM0001' },
        user: { id: 'U1', team_id: 'T0SIM0001' },
        actions: [{ action_id: 'no.such.action', block_id: 'b', type: 'button', value: 'x', action_ts: '1' }],
        api_app_id: 'A0SIMAPP',
        token: 't',
        trigger_id: '1.2.3',
        container: { type: 'message' },
      }),
      contentType: FORM,
    });
    expect(ack.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('acknowledges a view_submission with an unknown callback_id at once', async () => {
    const ack = await h.slack.viewSubmission({
      userId: 'U1',
      view: { callback_id: 'no.such.view', state: { values: {} } },
    });
    expect(ack.status).toBe(200);
  });

  it('rejects a replayed request (valid signature, timestamp 10 minutes old) with 401', async () => {
    const body = new URLSearchParams({
      command: '/gate',
      text: 'help',
      user_id: 'U1',
      team_id: 'T0SIM0001',
    }).toString();
    const ts = Math.floor(Date.now() / 1000) - 600;
    const ack = await h.slack.raw({
      body,
      contentType: FORM,
      timestamp: ts,
      signature: signSlackRequest(SIGNING_SECRET, ts, body),
    });
    expect(ack.status).toBe(401);
  });

  it('rejects a request re-signed with the wrong secret with 401', async () => {
    const body = new URLSearchParams({
      command: '/gate',
      text: 'start x',
      user_id: 'U1',
      team_id: 'T0SIM0001',
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const ack = await h.slack.raw({
      body,
      contentType: FORM,
      timestamp: ts,
      signature: signSlackRequest('not-the-secret', ts, body),
    });
    expect(ack.status).toBe(401);
    expect(h.sim.callsTo('views.open')).toEqual([]);
  });
});
