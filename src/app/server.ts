import type { App } from '@slack/bolt';
import { loadSettings, type Settings, settingsSecrets } from '../config/settings.js';
import { loadManifests } from '../core/manifest.loader.js';
import { resolveAuditKey } from '../features/audit/audit-key.js';
import type { JobScheduler } from '../jobs/scheduler.js';
import { watchDatabase } from '../metrics/database-watch.js';
import { Metrics } from '../metrics/metrics.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { createLogger, type Logger, registerSecrets } from '../shared/logger.js';
import { verifyBotToken } from '../slack/verify-bot-token.js';
import { compose } from './compose.js';
import type { Composed } from './composed.js';
import { openDatabase } from './database.js';
import { createHttpApp, startHttp } from './http-server.js';
import { orderedShutdown } from './shutdown.js';
import { createJobScheduler, startWorker } from './worker.js';
import { setupWorkspaceAuth } from './workspace-auth-setup.js';

export interface RunningServer {
  app: App;
  deps: Composed;
  port: number;
  /** Agenda wiring; `jobs.runNow(name, data)` runs a job in-process (tests, commands). */
  jobs: JobScheduler;
  stop(): Promise<void>;
}

/** `all`: HTTP and jobs (unless JOBS=off); `worker`: jobs only, no HTTP (`npm run worker`). */
export type ServerMode = 'all' | 'worker';

/**
 * Starts PilotGate: settings → manifests → database → composition → Bolt and/or the worker. Used by
 * main.ts and by the end-to-end tests, which pass their own env (simulator URL, test database) and clock.
 */
export async function startServer(
  opts: { env?: Record<string, string | undefined>; clock?: Clock; logger?: Logger; mode?: ServerMode } = {},
): Promise<RunningServer> {
  const settings = startupSettings(opts.env ?? process.env);
  const mode = opts.mode ?? 'all';
  if (mode === 'worker' && !settings.mongodbUri) {
    // Each process would start its own embedded FerretDB on the same data folder, which is unsafe.
    throw new Error('npm run worker needs MONGODB_URI: workers share the app database and cannot embed their own');
  }
  const logger = opts.logger ?? createLogger(settings.logLevel);
  const clock = opts.clock ?? systemClock;
  const manifests = loadManifests(settings.manifestsDir);
  const database = await openDatabase(settings, logger);
  const metrics = new Metrics();
  watchDatabase(metrics, database.client, database.embedded);
  const jobs = createJobScheduler(database.db, settings, logger, metrics);
  // Checked in every mode: with OAuth too, the env token serves only the workspace auth.test names.
  const envIdentity = settings.slack.botToken
    ? await verifyBotToken(settings.slack.botToken, settings.slack.apiUrl, logger)
    : null;
  const workspaces = setupWorkspaceAuth(settings, logger, clock, envIdentity);
  const deps = compose({
    settings,
    logger,
    clock,
    manifests,
    jobs,
    metrics,
    resolveToken: workspaces.auth.resolveToken,
    auth: workspaces.auth,
  });
  const app = createHttpApp(deps, {
    ready: database.ready,
    ...(workspaces.install ? { install: workspaces.install } : {}),
    // With OAuth, Bolt takes each request's bot from the installation store instead.
    botIdentity: settings.slack.oauth ? null : envIdentity,
  });
  await startWorker(jobs, deps, mode === 'worker' || settings.jobsEnabled);
  const shutdown = { logger, afterAck: deps.afterAck, stopJobs: () => jobs.stop(), closeDatabase: database.close };
  if (mode === 'worker') {
    logger.info({ manifestVersion: manifests.version }, 'PilotGate worker is up (jobs only, no HTTP)');
    return { app, deps, port: 0, jobs, stop: orderedShutdown(shutdown) };
  }
  const port = await startHttp(app, settings);
  logger.info(
    { port, manifestVersion: manifests.version, mode: settings.slack.appToken ? 'socket' : 'http' },
    'PilotGate is up',
  );
  return { app, deps, port, jobs, stop: orderedShutdown({ ...shutdown, stopRequests: () => app.stop() }) };
}

/** The environment's settings, with the audit key resolved and every secret kept out of the logs. */
function startupSettings(env: Record<string, string | undefined>): Settings {
  const parsed = loadSettings(env);
  // Outside production a missing audit key is generated into the data folder (and reused after).
  const settings: Settings = { ...parsed, auditHmacKey: resolveAuditKey(parsed) };
  // Before anything can log: no line may carry a token, a secret, a key or the database password.
  registerSecrets(settingsSecrets(settings));
  return settings;
}
