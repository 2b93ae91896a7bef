/**
 * The app as the benchmarks run it: the same settings, manifests, mongoose connection and composed
 * container startServer builds, pointed at the Slack simulator, without (or with) the HTTP server.
 */

import { compose } from '../../src/app/compose.js';
import type { Composed } from '../../src/app/composed.js';
import { loadSettings } from '../../src/config/settings.js';
import { loadManifests } from '../../src/core/manifest.loader.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { SlackSimulator } from '../../test/support/slack-simulator.js';
import { connectBenchDb } from './db.js';
import type { BenchContext } from './report.js';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-bench-token';

/** Environment for startServer / loadSettings. Production mode: the retry policies production uses. */
export function appEnv(
  ctx: Pick<BenchContext, 'mongoUri' | 'dbName'>,
  simUrl: string,
  extra: Record<string, string> = {},
) {
  return {
    NODE_ENV: 'production',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: simUrl,
    MONGODB_URI: ctx.mongoUri,
    MONGODB_DB: ctx.dbName,
    PORT: '0',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    MANIFESTS_DIR: 'manifests',
    AUDIT_HMAC_KEY: 'bench-audit-hmac-key-0123456789abcdef',
    // Benchmarks drive jobs themselves; a scheduler firing in the background would skew timings.
    JOBS: 'off',
    ...extra,
  };
}

export interface BenchApp {
  deps: Composed;
  sim: SlackSimulator;
  clock: ManualClock;
  stop(): Promise<void>;
}

/** The composed app, wired exactly as startServer wires it, on the benchmark's database, without Bolt. */
export async function startBenchDeps(ctx: BenchContext, now: Date, extraEnv: Record<string, string> = {}) {
  const sim = new SlackSimulator();
  await sim.start();
  const settings = loadSettings(appEnv(ctx, sim.url, extraEnv));
  const logger = createLogger(settings.logLevel);
  await connectBenchDb(ctx);
  const clock = new ManualClock(now);
  const deps = compose({
    settings,
    logger,
    clock,
    manifests: loadManifests(settings.manifestsDir),
    resolveToken: async () => BOT_TOKEN,
  });
  const app: BenchApp = { deps, sim, clock, stop: () => sim.stop() };
  return app;
}
