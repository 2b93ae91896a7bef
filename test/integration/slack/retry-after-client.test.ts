import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RetryAfterWebClient } from '../../../src/slack/retry-after-client.js';
import { SlackSimulator } from '../../support/slack-simulator.js';

const sim = new SlackSimulator();
beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => {
  sim.reset();
  sim.clearInjections();
});

/** The stock WebClient's production policy (no retryConfig): its first retry backs off 1–2 s on top of Retry-After. */
const client = (opts: { maxRateLimitedRetries?: number } = {}) =>
  new RetryAfterWebClient('xoxb-test', { slackApiUrl: sim.url, logger: undefined, ...opts });

const post = (c: RetryAfterWebClient, text: string) => c.chat.postMessage({ channel: 'C0GENERAL', text });

describe('RetryAfterWebClient (429s in jobs and services)', () => {
  it('retries a 429 once its Retry-After has passed, without the retry policy’s extra backoff', async () => {
    sim.inject('chat.postMessage', { retryAfter: 1 });
    const res = await post(client(), 'hello');
    expect(res.ok).toBe(true);
    const [refused, accepted] = sim.callsTo('chat.postMessage');
    expect(refused?.status).toBe(429);
    expect(accepted?.status).toBe(200);
    const gap = (accepted?.at ?? 0) - (refused?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(1_000);
    expect(gap).toBeLessThan(1_700);
  });

  it('holds back other calls of the rate-limited method until Retry-After, and only that method', async () => {
    sim.inject('chat.postMessage', { retryAfter: 1 });
    const c = client();
    const first = post(c, 'first');
    await new Promise((r) => setTimeout(r, 100));
    const [second, other] = await Promise.all([post(c, 'second'), c.users.info({ user: 'U0ANYONE' })]);
    await first;
    expect(second.ok && other.ok).toBe(true);
    const posts = sim.callsTo('chat.postMessage');
    expect(posts.map((p) => p.status)).toEqual([429, 200, 200]);
    const refusedAt = posts[0]?.at ?? 0;
    expect(Math.min(posts[1]?.at ?? 0, posts[2]?.at ?? 0) - refusedAt).toBeGreaterThanOrEqual(1_000);
    expect((sim.callsTo('users.info')[0]?.at ?? 0) - refusedAt).toBeLessThan(900);
  });

  it('gives up after its retries with Slack’s rate-limited error, so the caller’s claim is released', async () => {
    sim.inject('chat.postMessage', { retryAfter: 1, times: 2 });
    const error = await post(client({ maxRateLimitedRetries: 1 }), 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
    expect(sim.callsTo('chat.postMessage').map((p) => p.status)).toEqual([429, 429]);
  });
});
