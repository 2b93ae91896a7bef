import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, registerSecrets } from '../../../src/shared/logger.js';
import { boltLogger } from '../../../src/slack/bolt-logger.js';

// Shaped like the real thing; none of them is one.
const BOT_TOKEN = 'xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx';
const USER_TOKEN = 'xoxp-3333333333-4444444444-5555555555-0123456789abcdef';
const APP_TOKEN = 'xapp-1-A0123456789-6666666666-fedcba9876543210';
const WORKFLOW_TOKEN = 'xwfp-7777777777-EeFfGgHh';
const REFRESH_TOKEN = 'xoxr-8888888888-IiJjKkLl';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const CLIENT_SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const STATE_SECRET = 'state-secret-for-oauth-cookies';
const ENCRYPTION_KEY = 'q83vEjRWeJq8S9Zm7tEU8c+7hL3zB4x/WnYh1yZ0Pk8=';
const OLD_ENCRYPTION_KEY = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGw=';
const DB_PASSWORD = 'p%40ss-w0rd-for-the-db';

const SECRETS = [
  BOT_TOKEN,
  USER_TOKEN,
  APP_TOKEN,
  WORKFLOW_TOKEN,
  REFRESH_TOKEN,
  SIGNING_SECRET,
  CLIENT_SECRET,
  STATE_SECRET,
  ENCRYPTION_KEY,
  OLD_ENCRYPTION_KEY,
  DB_PASSWORD,
  decodeURIComponent(DB_PASSWORD),
];

registerSecrets([SIGNING_SECRET, CLIENT_SECRET, STATE_SECRET, ENCRYPTION_KEY, OLD_ENCRYPTION_KEY]);

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('debug', {}, stream) };
}

/** Like @slack/web-api's RequestError: the axios error, its config and headers, sits under `original`. */
function requestError(): Error {
  const error = new Error('A request error occurred: socket hang up') as Error & Record<string, unknown>;
  error.code = 'slack_webapi_request_error';
  error.original = {
    message: 'socket hang up',
    config: {
      url: 'https://slack.com/api/chat.postMessage',
      headers: { Authorization: `Bearer ${BOT_TOKEN}`, 'X-Slack-Signature': SIGNING_SECRET },
      data: `token=${USER_TOKEN}&channel=C1`,
    },
  };
  return error;
}

describe('createLogger scrubs secrets from every line', () => {
  it.each([
    ['an error with nested original.config.headers', () => ({ err: requestError() })],
    ['an error under another key', () => ({ failure: requestError() })],
    ['an array of objects', () => ({ calls: [{ auth: APP_TOKEN }, { auth: [WORKFLOW_TOKEN, REFRESH_TOKEN] }] })],
    [
      'an error with a cause',
      () => ({ err: new Error('send failed', { cause: new Error(`proxy refused: token ${BOT_TOKEN}`) }) }),
    ],
    [
      'an agenda job error carrying its data',
      () => ({
        err: requestError(),
        job: { attrs: { name: 'nudge', data: { botToken: BOT_TOKEN, key: ENCRYPTION_KEY } } },
      }),
    ],
    [
      'OAuth and encryption settings',
      () => ({ oauth: { client: { secret: CLIENT_SECRET, state: STATE_SECRET } }, keys: [OLD_ENCRYPTION_KEY] }),
    ],
    [
      'a MongoDB URI with a password',
      () => ({ db: { uri: `mongodb+srv://pilotgate:${DB_PASSWORD}@cluster0.example.net/pilotgate?retryWrites=true` } }),
    ],
  ])('%s', (_shape, make) => {
    const { lines, logger } = capture();
    logger.error(make(), 'something failed');
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    for (const secret of SECRETS) expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
    expect(JSON.parse(line)).toMatchObject({ level: 50, msg: 'something failed', service: 'pilotgate' });
  });

  it('scrubs the message text itself, and keeps the rest of it', () => {
    const { lines, logger } = capture();
    logger.warn(
      `token ${BOT_TOKEN} rejected; db mongodb://u:${DB_PASSWORD}@db.internal:27017/x; key ${ENCRYPTION_KEY}`,
    );
    const { msg } = JSON.parse(lines[0] ?? '{}') as { msg: string };
    expect(msg).toBe('token [redacted] rejected; db mongodb://u:[redacted]@db.internal:27017/x; key [redacted]');
  });

  it('Bolt lines go through the same scrubber, error objects included', () => {
    const { lines, logger } = capture();
    const bolt = boltLogger(logger);
    bolt.error('An unhandled error occurred while Bolt processed an event', requestError());
    bolt.warn(`http request failed for ${APP_TOKEN}`, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(lines).toHaveLength(2);
    for (const line of lines) for (const secret of SECRETS) expect(line).not.toContain(secret);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      component: 'bolt',
      level: 50,
      msg: 'An unhandled error occurred while Bolt processed an event',
      err: { code: 'slack_webapi_request_error', message: 'A request error occurred: socket hang up' },
    });
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({
      msg: 'http request failed for [redacted]',
      details: [{ headers: { authorization: 'Bearer [redacted]' } }],
    });
  });

  it('leaves lines without secrets as they were', () => {
    const { lines, logger } = capture();
    logger.info({ pilotId: 'p1', teamId: 'T1', text: 'xox hugs from the xapp team' }, 'pilot registered');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      pilotId: 'p1',
      teamId: 'T1',
      text: 'xox hugs from the xapp team',
    });
    expect(lines[0]).not.toContain('[redacted]');
  });
});
