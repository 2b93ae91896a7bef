import net from 'node:net';
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/settings.js';
import { createLogger } from '../../../src/shared/logger.js';
import { createSlackApp } from '../../../src/slack/app.js';
import { RetryAfterWebClient, SLACK_REQUEST_TIMEOUT_MS } from '../../../src/slack/retry-after-client.js';
import { SlackClients } from '../../../src/slack/slack-clients.js';

/** A "Slack" that accepts connections and never answers (a stuck proxy, a half-open connection). */
const held = new Set<net.Socket>();
const silent = net.createServer((socket) => {
  held.add(socket);
  socket.once('close', () => held.delete(socket));
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/`;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

/** The timeout the client applies to each request (0 = wait forever; a private field of WebClient). */
const requestTimeoutOf = (client: WebClient) => Reflect.get(client, 'timeout') as number;

describe('Slack Web API request timeout', () => {
  it('a call to a Slack that never answers fails after the timeout instead of hanging', async () => {
    const client = new RetryAfterWebClient('xoxb-test', {
      slackApiUrl: url,
      timeout: 300,
      retryConfig: { retries: 0 },
    });
    const started = Date.now();
    const error = await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'slack_webapi_request_error' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('every client jobs and services use has a request timeout by default', async () => {
    expect(SLACK_REQUEST_TIMEOUT_MS).toBeGreaterThan(0);
    expect(requestTimeoutOf(new RetryAfterWebClient('xoxb-test', { slackApiUrl: url }))).toBe(SLACK_REQUEST_TIMEOUT_MS);
    const clients = new SlackClients(async () => 'xoxb-test', { slackApiUrl: url });
    expect(requestTimeoutOf(await clients.forTeam('T1'))).toBe(SLACK_REQUEST_TIMEOUT_MS);
  });

  it('the Bolt app’s own client (listeners) has the request timeout too', () => {
    const settings = loadSettings({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: url,
    });
    const { app } = createSlackApp(settings, createLogger('silent'), { ready: async () => true });
    expect(requestTimeoutOf(app.client)).toBe(SLACK_REQUEST_TIMEOUT_MS);
  });
});
