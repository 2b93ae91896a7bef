import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { type RunningServer, startServer } from '../../src/app/server.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger, type Logger } from '../../src/shared/logger.js';
import { SignedSlackClient } from './signed-client.js';
import { SlackSimulator } from './slack-simulator.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const TEAM = 'T0SIM0001';
/** A fixed audit key, so tests never generate one into a data folder. */
export const AUDIT_TEST_KEY = 'test-audit-hmac-key-0123456789abcdef';

export interface Harness {
  sim: SlackSimulator;
  slack: SignedSlackClient;
  server: RunningServer;
  clock: ManualClock;
  dbName: string;
}

/**
 * Starts the real app over HTTP against the Slack simulator and a database unique to this test file.
 * Every view and message the app sends passes the simulator's Block Kit check; `afterEach`-style
 * assertions on `sim.violations` are up to each test (see expectNoViolations).
 */
/** `logger`: the app's logger (default: silent, or TEST_LOG_LEVEL), for a test that reads what it logs. */
export function useApp(opts: { env?: Record<string, string>; now?: Date; logger?: Logger } = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    h.sim = new SlackSimulator();
    await h.sim.start();
    h.dbName = `e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
    h.clock = new ManualClock(opts.now ?? new Date());
    h.server = await startServer({
      env: {
        NODE_ENV: 'test',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: h.sim.url,
        MONGODB_URI: inject('mongoUri'),
        MONGODB_DB: h.dbName,
        PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        MANIFESTS_DIR: 'manifests',
        AUDIT_HMAC_KEY: AUDIT_TEST_KEY,
        ...opts.env,
      },
      clock: h.clock,
      logger: opts.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    });
    h.slack = new SignedSlackClient({
      appUrl: `http://127.0.0.1:${h.server.port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      simulator: h.sim,
    });
  });
  beforeEach(() => {
    h.sim.reset();
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await h.server?.stop();
    await h.sim?.stop();
  });
  return h;
}

/** Polls until `check` returns a truthy value; for work the app does after it acks. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw last instanceof Error ? last : new Error('eventually(): condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
