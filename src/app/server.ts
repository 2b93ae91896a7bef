import { hostname } from 'node:os';
import type { App } from '@slack/bolt';
import mongoose from 'mongoose';
import { loadSettings, type Settings, settingsSecrets } from '../config/settings.js';
import { loadManifests } from '../core/manifest.loader.js';
import { connectMongoose, disconnectMongoose, resolveDatabaseUri } from '../db/connection.js';
import { runMigrations } from '../db/migrations/runner.js';
import { resolveAuditKey } from '../features/audit/audit-key.js';
import { setupWorkspaceAuth } from '../features/install/install.setup.js';
import { createAgenda } from '../jobs/agenda.js';
import { JobScheduler } from '../jobs/scheduler.js';
import { watchDatabase } from '../metrics/database-watch.js';
import { Metrics } from '../metrics/metrics.js';
import { metricsRoute } from '../metrics/metrics-route.js';
import { observedFetch } from '../metrics/observed-fetch.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { createLogger, type Logger, registerSecrets } from '../shared/logger.js';
import { createSlackApp } from '../slack/app.js';
import { verifyBotToken } from '../slack/verify-bot-token.js';
import { buildDeps, type Deps } from './deps.js';
import { JOBS } from './job-registry.js';
import { MIGRATIONS } from './migrations.js';
import { registerListeners } from './register-listeners.js';

export interface RunningServer {
  app: App;
  deps: Deps;
  port: number;
  /** Agenda wiring; `jobs.runNow(name, data)` runs a job in-process (tests, commands). */
  jobs: JobScheduler;
  stop(): Promise<void>;
}

/** `all`: HTTP and jobs (unless JOBS=off); `worker`: jobs only, no HTTP (`npm run worker`). */
export type ServerMode = 'all' | 'worker';

/**
 * Starts PilotGate: settings → manifests → database → Bolt. Used by main.ts and by the end-to-end
 * tests, which pass their own env (simulator URL, test database) and clock.
 */
const AFTER_ACK_DRAIN_MS = 10_000;

export async function startServer(
  opts: { env?: Record<string, string | undefined>; clock?: Clock; logger?: Logger; mode?: ServerMode } = {},
): Promise<RunningServer> {
  const parsed: Settings = loadSettings(opts.env ?? process.env);
  // Outside production a missing audit key is generated into the data folder (and reused after).
  const settings: Settings = { ...parsed, auditHmacKey: resolveAuditKey(parsed) };
  // Before anything can log: no line may carry a token, a secret, a key or the database password.
  registerSecrets(settingsSecrets(settings));
  const mode = opts.mode ?? 'all';
  if (mode === 'worker' && !settings.mongodbUri) {
    // Each process would start its own embedded FerretDB on the same data folder, which is unsafe.
    throw new Error('npm run worker needs MONGODB_URI: workers share the app database and cannot embed their own');
  }
  const logger = opts.logger ?? createLogger(settings.logLevel);
  const manifests = loadManifests(settings.manifestsDir);
  const db = await resolveDatabaseUri(
    { mongodbUri: settings.mongodbUri, nodeEnv: settings.nodeEnv, dataDir: `${settings.dataDir}/db` },
    logger,
  );
  await connectMongoose(db.uri, settings.mongodbDb);
  // Stored shapes first (one instance migrates, the others wait), then the indexes of the current shape.
  const migrated = await runMigrations(mongoose.connection.getClient().db(settings.mongodbDb), {
    owner: `${hostname()}-${process.pid}`,
    migrations: MIGRATIONS,
    now: () => new Date(),
    logger,
  });
  if (migrated.applied.length) logger.info(migrated, 'database schema migrated');
  // Unique indexes guard against duplicates; build them before the first request can race.
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
  const mongoDb = mongoose.connection.db;
  if (!mongoDb) throw new Error('mongoose connected without a database handle');
  const metrics = new Metrics();
  watchDatabase(metrics, mongoose.connection.getClient(), db.embedded);
  const jobs = new JobScheduler(createAgenda(mongoDb, settings.jobPollIntervalMs), JOBS, logger);
  // Checked in every mode: with OAuth too, the env token serves only the workspace auth.test names.
  const envIdentity = settings.slack.botToken
    ? await verifyBotToken(settings.slack.botToken, settings.slack.apiUrl, logger)
    : null;
  const workspaces = setupWorkspaceAuth(settings, logger, opts.clock ?? systemClock, envIdentity);
  const deps = buildDeps({
    jobs,
    settings,
    logger,
    clock: opts.clock ?? systemClock,
    manifests,
    resolveToken: workspaces.auth.resolveToken,
    auth: workspaces.auth,
    metrics,
  });
  // With OAuth, Bolt takes each request's bot from the installation store instead.
  const botIdentity = settings.slack.oauth ? null : envIdentity;
  const { app } = createSlackApp(
    settings,
    logger,
    { ready: async () => mongoose.connection.readyState === 1 && !!(await mongoose.connection.db?.admin().ping()) },
    workspaces.install,
    botIdentity,
    {
      routes: settings.metrics.enabled ? [metricsRoute(metrics, settings.metrics.token)] : [],
      fetch: observedFetch((method, outcome) => metrics.slackCall(method, outcome)),
    },
  );
  registerListeners(app, deps);
  jobs.attach(deps);
  if (mode === 'worker' || settings.jobsEnabled) await jobs.start(settings);
  const stopJobsAndDb = async () => {
    // Follow-up work of answers already acked (statuses, cards) finishes before the database closes.
    if (!(await deps.afterAck.drain(AFTER_ACK_DRAIN_MS))) logger.warn('follow-up work left unfinished at stop');
    await jobs.stop().catch((err: unknown) => logger.warn({ err }, 'agenda stop failed'));
    await disconnectMongoose();
    await db.stop?.();
  };
  if (mode === 'worker') {
    logger.info({ manifestVersion: manifests.version }, 'PilotGate worker is up (jobs only, no HTTP)');
    return { app, deps, port: 0, jobs, stop: stopJobsAndDb };
  }
  const server = (await app.start(settings.port)) as unknown;
  const address = (server as { address?: () => { port: number } | string | null })?.address?.();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  logger.info(
    { port, manifestVersion: manifests.version, mode: settings.slack.appToken ? 'socket' : 'http' },
    'PilotGate is up',
  );
  let stopped = false;
  return {
    app,
    deps,
    port,
    jobs,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop().catch((err: unknown) => logger.warn({ err }, 'bolt stop failed'));
      await stopJobsAndDb();
    },
  };
}
