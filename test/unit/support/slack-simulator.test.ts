import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import { ErrorCode, LogLevel, retryPolicies, type WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { plainTextValue, SignedSlackClient, signSlackRequest } from '../../support/signed-client.js';
import { SlackSimulator } from '../../support/slack-simulator.js';

const sim = new SlackSimulator();
let client: WebClient;

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (title = 'Review') => ({
  type: 'modal' as const,
  callback_id: 'review.submit',
  title: { type: 'plain_text' as const, text: title },
  submit: { type: 'plain_text' as const, text: 'Save' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'notes',
      label: { type: 'plain_text' as const, text: 'Notes' },
      element: { type: 'plain_text_input' as const, action_id: 'value' },
    },
  ],
});

async function platformError(p: Promise<unknown>): Promise<WebAPIPlatformError> {
  try {
    await p;
  } catch (err) {
    return err as WebAPIPlatformError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  await sim.start();
  client = new WebClient('xoxb-test', { slackApiUrl: sim.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
});
afterEach(() => sim.reset());
afterAll(() => sim.stop());

describe('SlackSimulator: chat', () => {
  it('round-trips chat.postMessage and chat.update', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Hello', blocks: [section('*Hello*')] });
    expect(posted.ok).toBe(true);
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    const second = await client.chat.postMessage({ channel: 'C1', text: 'Again' });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    const updated = await client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'Bye', blocks: [section('Bye')] });
    expect(updated.ok).toBe(true);
    expect(sim.messages.get('C1')?.map((m) => m.text)).toEqual(['Bye', 'Again']);
    expect(sim.findMessage('C1', posted.ts!)?.edited).toBeDefined();
    expect(sim.lastMessageIn('C1')?.text).toBe('Again');
    expect(sim.callsTo('chat.postMessage')[0]?.args.blocks).toEqual([section('*Hello*')]);
    expect(sim.violations).toEqual([]);

    const missing = await platformError(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }));
    expect(missing.data.error).toBe('message_not_found');
  });

  it('rejects invalid blocks like Slack and records the violation', async () => {
    const bad = { type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } };
    const err = await platformError(client.chat.postMessage({ channel: 'C1', text: 'fallback', blocks: [bad] }));
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data.error).toBe('invalid_blocks');
    expect((err.data as { errors?: string[] }).errors?.[0]).toContain('[json-pointer:/blocks/0/text/text]');
    expect(sim.violations).toEqual([
      expect.objectContaining({ method: 'chat.postMessage', pointer: '/blocks/0/text/text' }),
    ]);
    expect(sim.messages.get('C1')).toBeUndefined();
  });

  it('rejects blocks without a text fallback', async () => {
    const err = await platformError(client.chat.postMessage({ channel: 'C1', blocks: [section('no fallback')] }));
    expect(err.data.error).toBe('invalid_blocks');
    expect(sim.violations.map((v) => v.pointer)).toEqual(['/text']);
  });

  it('opens DMs deterministically and finds messages sent to them', async () => {
    const a = await client.conversations.open({ users: 'U1' });
    const b = await client.conversations.open({ users: 'U1' });
    expect(a.channel?.id).toMatch(/^D/);
    expect(b.channel?.id).toBe(a.channel?.id);
    await client.chat.postMessage({ channel: a.channel!.id!, text: 'psst' });
    await client.chat.postMessage({ channel: 'U1', text: 'direct to user id' });
    expect(sim.dmsTo('U1').map((m) => m.text)).toEqual(['psst', 'direct to user id']);
    const nine = Array.from({ length: 9 }, (_, i) => `U${i}`).join(',');
    expect((await platformError(client.conversations.open({ users: nine }))).data.error).toBe('too_many_users');
  });

  it('needs a token', async () => {
    const anonymous = new WebClient(undefined, {
      slackApiUrl: sim.url,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    expect((await platformError(anonymous.auth.test())).data.error).toBe('not_authed');
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: sim.team.id, user_id: sim.bot.userId, bot_id: sim.bot.botId });
  });

  it('answers unknown methods with unknown_method', async () => {
    expect((await platformError(client.apiCall('nope.nothing'))).data.error).toBe('unknown_method');
  });
});

describe('SlackSimulator: fault injection and rate limits', () => {
  it('surfaces an injected error as WebAPIPlatformError with that code', async () => {
    sim.inject('chat.postMessage', { error: 'channel_not_found' });
    const err = await platformError(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data.error).toBe('channel_not_found');
    expect((await client.chat.postMessage({ channel: 'C1', text: 'x' })).ok).toBe(true);
  });

  it('serves HTTP errors', async () => {
    sim.inject('users.info', { status: 500, times: 2 });
    for (let i = 0; i < 2; i++) {
      const err = await platformError(client.users.info({ user: 'U1' }));
      expect(err.code).toBe(ErrorCode.HTTPError);
    }
    expect((await client.users.info({ user: 'U1' })).ok).toBe(true);
  });

  it('lets WebClient retry an injected 429 after Retry-After', async () => {
    const retrying = new WebClient('xoxb-test', {
      slackApiUrl: sim.url,
      retryConfig: retryPolicies.rapidRetryPolicy,
      logLevel: LogLevel.ERROR,
    });
    sim.inject('chat.postMessage', { retryAfter: 1 });
    const started = Date.now();
    const res = await retrying.chat.postMessage({ channel: 'C1', text: 'eventually' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sim.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(sim.stats.rateLimited).toBe(1);
  });

  it('enforces rate tiers when asked', async () => {
    sim.enforceRateLimits({ scale: 0.05, postMessageBurst: 2 });
    const strict = new WebClient('xoxb-test', { slackApiUrl: sim.url, rejectRateLimitedCalls: true });
    await strict.chat.postMessage({ channel: 'C1', text: '1' });
    await strict.chat.postMessage({ channel: 'C1', text: '2' });
    await expect(strict.chat.postMessage({ channel: 'C1', text: '3' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 1,
    });
    expect((await strict.chat.postMessage({ channel: 'C2', text: 'other channel' })).ok).toBe(true);
    sim.disableRateLimits();
  });

  it('keeps each tier per workspace token: one token spending its conversations.open never limits another', async () => {
    sim.enforceRateLimits(); // Slack's real minute: no refill while the test runs
    const [a, b] = ['xoxb-workspace-a', 'xoxb-workspace-b'].map(
      (token) => new WebClient(token, { slackApiUrl: sim.url, rejectRateLimitedCalls: true }),
    );
    // Tier 3: a bucket of 50. Token A spends all of it, then is limited; token B (never bound to a team) is not.
    for (let i = 0; i < 50; i++) await a!.conversations.open({ users: `U0A${i}` });
    await expect(a!.conversations.open({ users: 'U0A50' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError });
    expect((await b!.conversations.open({ users: 'U0B0' })).ok).toBe(true);
    // Tokens bound to one team share that workspace's bucket, as Slack counts per workspace.
    sim.bindToken('xoxb-workspace-a2', { id: 'T0SHARED', name: 'Shared', domain: 'shared' });
    sim.bindToken('xoxb-workspace-a3', { id: 'T0SHARED', name: 'Shared', domain: 'shared' });
    const [a2, a3] = ['xoxb-workspace-a2', 'xoxb-workspace-a3'].map(
      (token) => new WebClient(token, { slackApiUrl: sim.url, rejectRateLimitedCalls: true }),
    );
    for (let i = 0; i < 50; i++) await a2!.conversations.open({ users: `U0S${i}` });
    await expect(a3!.conversations.open({ users: 'U0S50' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
    });
    sim.disableRateLimits();
  });

  it('injects a fault for one token only; other tokens are answered as usual', async () => {
    const strict = (token: string) => new WebClient(token, { slackApiUrl: sim.url, rejectRateLimitedCalls: true });
    sim.inject('conversations.open', { retryAfter: 2, times: 1, token: 'xoxb-workspace-a' });
    expect((await strict('xoxb-workspace-b').conversations.open({ users: 'U0B1' })).ok).toBe(true);
    await expect(strict('xoxb-workspace-a').conversations.open({ users: 'U0A1' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 2,
    });
    expect((await strict('xoxb-workspace-a').conversations.open({ users: 'U0A1' })).ok).toBe(true);
    expect(sim.callsTo('conversations.open').map((c) => [c.token, c.status])).toEqual([
      ['xoxb-workspace-b', 200],
      ['xoxb-workspace-a', 429],
      ['xoxb-workspace-a', 200],
    ]);
  });
});

describe('SlackSimulator: views', () => {
  it('rejects a reused trigger_id and an expired one', async () => {
    const trigger = sim.issueTriggerId({ userId: 'U1' });
    const opened = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(opened.view?.id).toMatch(/^V/);
    expect(sim.views.get(opened.view!.id!)?.callback_id).toBe('review.submit');
    const reused = await platformError(client.views.open({ trigger_id: trigger, view: modal() }));
    expect(reused.data.error).toBe('exchanged_trigger_id');
    const stale = sim.issueTriggerId({ issuedAt: Date.now() - 3_500 });
    expect((await platformError(client.views.open({ trigger_id: stale, view: modal() }))).data.error).toBe(
      'expired_trigger_id',
    );
  });

  it('limits the modal stack to 3 and checks hashes on update', async () => {
    const root = await client.views.open({ trigger_id: sim.issueTriggerId(), view: modal() });
    const rootId = root.view!.id!;
    await client.views.push({ trigger_id: sim.issueTriggerId({ viewId: rootId }), view: modal('Two') });
    await client.views.push({ trigger_id: sim.issueTriggerId({ viewId: rootId }), view: modal('Three') });
    const fourth = client.views.push({ trigger_id: sim.issueTriggerId({ viewId: rootId }), view: modal('Four') });
    expect((await platformError(fourth)).data.error).toBe('push_limit_reached');

    const stale = await platformError(client.views.update({ view_id: rootId, hash: 'old', view: modal('New') }));
    expect(stale.data.error).toBe('hash_conflict');
    const ok = await client.views.update({ view_id: rootId, hash: root.view!.hash!, view: modal('New') });
    expect(ok.view?.hash).not.toBe(root.view!.hash);
    const gone = await platformError(client.views.update({ view_id: 'VNOPE', view: modal() }));
    expect(gone.data.error).toBe('not_found');
  });

  it('publishes one home view per user and rejects a modal without submit', async () => {
    const first = await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section('Hi')] } });
    const second = await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section('Again')] } });
    expect(second.view?.id).toBe(first.view?.id);
    expect(sim.homeViews.get('U1')?.blocks).toEqual([section('Again')]);
    const { submit: _s, ...noSubmit } = modal();
    const err = await platformError(client.views.open({ trigger_id: sim.issueTriggerId(), view: noSubmit }));
    expect(err.data.error).toBe('invalid_blocks');
    expect(sim.violations.map((v) => v.pointer)).toEqual(['/submit']);
  });
});

describe('SlackSimulator: users and files', () => {
  it('serves configured and synthesized users with time zones', async () => {
    sim.setUser('U1', { tz: 'Europe/Berlin', realName: 'Ada Lovelace' });
    const ada = await client.users.info({ user: 'U1' });
    expect(ada.user).toMatchObject({ tz: 'Europe/Berlin', real_name: 'Ada Lovelace', is_bot: false });
    expect([3600, 7200]).toContain(ada.user?.tz_offset);
    const someone = await client.users.info({ user: 'U2' });
    expect(someone.user?.tz).toBe('America/New_York');
    sim.strictUsers = true;
    expect((await platformError(client.users.info({ user: 'U2' }))).data.error).toBe('user_not_found');
    sim.strictUsers = false;
  });

  it('receives files.uploadV2 uploads into sim.uploadedFiles', async () => {
    const csv = 'pilot,status\nalpha,approved\n';
    const res = await client.files.uploadV2({
      channel_id: 'C1',
      file: Buffer.from(csv),
      filename: 'export.csv',
      initial_comment: 'Export',
    });
    expect(res.ok).toBe(true);
    expect(sim.uploadedFiles).toHaveLength(1);
    expect(sim.uploadedFiles[0]).toMatchObject({ filename: 'export.csv', text: csv, channelId: 'C1' });
  });

  it('records response_url posts and applies replace_original', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Pending' });
    const url = sim.newResponseUrl({ channelId: 'C1', messageTs: posted.ts!, userId: 'U1' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Done' }),
    });
    expect(res.status).toBe(200);
    expect(sim.findMessage('C1', posted.ts!)?.text).toBe('Done');
    const bad = await fetch(url, { method: 'POST', body: JSON.stringify({ blocks: [section('no text')] }) });
    expect(bad.status).toBe(400);
    expect(sim.responses.map((r) => r.status)).toEqual([200, 400]);
  });
});

describe('SignedSlackClient', () => {
  let app: Server;
  let received: { headers: Record<string, string>; body: string }[] = [];

  beforeAll(async () => {
    app = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ response_action: 'clear' }));
      });
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  });
  afterEach(() => {
    received = [];
  });
  afterAll(() => new Promise<void>((r) => app.close(() => r())));

  const signed = () =>
    new SignedSlackClient({
      appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`,
      signingSecret: 'shh',
      simulator: sim,
    });

  it('signs requests so that Bolt verifies them', async () => {
    const ack = await signed().command({ text: 'status', userId: 'U1' });
    expect(ack.status).toBe(200);
    expect(ack.json).toEqual({ response_action: 'clear' });
    const req = received[0]!;
    const headers = {
      'x-slack-signature': req.headers['x-slack-signature']!,
      'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
    };
    expect(() => verifySlackRequest({ signingSecret: 'shh', body: req.body, headers })).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: 'other', body: req.body, headers })).toThrow();
    const fields = new URLSearchParams(req.body);
    expect(fields.get('command')).toBe('/gate');
    expect(fields.get('trigger_id')).toBe(ack.triggerId);
    expect(fields.get('response_url')).toMatch(/\/_response\//);
  });

  it('sends interactions as payload=<JSON> with the stored view filled in', async () => {
    const opened = await client.views.open({ trigger_id: sim.issueTriggerId(), view: modal() });
    await signed().viewSubmission({
      userId: 'U1',
      view: {
        id: opened.view!.id!,
        callback_id: 'review.submit',
        state: { values: { notes: { value: plainTextValue('ok') } } },
      },
    });
    const req = received[0]!;
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const payload = JSON.parse(new URLSearchParams(req.body).get('payload')!);
    expect(payload).toMatchObject({
      type: 'view_submission',
      user: { id: 'U1' },
      view: { id: opened.view!.id, blocks: modal().blocks, state: { values: { notes: { value: { value: 'ok' } } } } },
    });
    const ts = Number(req.headers['x-slack-request-timestamp']);
    expect(req.headers['x-slack-signature']).toBe(signSlackRequest('shh', ts, req.body));
  });

  it('can send stale or tampered requests', async () => {
    await signed().raw({ body: '{}', contentType: 'application/json', timestamp: 1, signature: 'v0=bad' });
    expect(received[0]?.headers['x-slack-request-timestamp']).toBe('1');
    expect(received[0]?.headers['x-slack-signature']).toBe('v0=bad');
  });
});
