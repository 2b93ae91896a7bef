import type { App } from '@slack/bolt';
import mongoose from 'mongoose';
import { loadSettings, type Settings } from './config/settings.js';
import { connectMongoose, disconnectMongoose, resolveDatabaseUri } from './db/connection.js';
import { buildDeps, type Deps } from './deps.js';
import { loadManifests } from './features/questionnaires/manifest.loader.js';
import { type Clock, systemClock } from './shared/clock.js';
import { createLogger, type Logger } from './shared/logger.js';
import { createSlackApp } from './slack/app.js';
import { registerListeners } from './slack/register-listeners.js';

export interface RunningServer {
  app: App;
  deps: Deps;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts PilotGate: settings → manifests → database → Bolt. Used by main.ts and by the end-to-end
 * tests, which pass their own env (simulator URL, test database) and clock.
 */
export async function startServer(
  opts: { env?: Record<string, string | undefined>; clock?: Clock; logger?: Logger } = {},
): Promise<RunningServer> {
  const settings: Settings = loadSettings(opts.env ?? process.env);
  const logger = opts.logger ?? createLogger(settings.logLevel);
  const manifests = loadManifests(settings.manifestsDir);
  const db = await resolveDatabaseUri(
    { mongodbUri: settings.mongodbUri, nodeEnv: settings.nodeEnv, dataDir: `${settings.dataDir}/db` },
    logger,
  );
  await connectMongoose(db.uri, settings.mongodbDb);
  // Unique indexes guard against duplicates; build them before the first request can race.
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
  const deps = buildDeps({
    settings,
    logger,
    clock: opts.clock ?? systemClock,
    manifests,
    resolveToken: async () => {
      if (!settings.slack.botToken) throw new Error('no bot token for this workspace');
      return settings.slack.botToken;
    },
  });
  const { app } = createSlackApp(settings, logger, {
    ready: async () => mongoose.connection.readyState === 1 && !!(await mongoose.connection.db?.admin().ping()),
  });
  registerListeners(app, deps);
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
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop().catch((err: unknown) => logger.warn({ err }, 'bolt stop failed'));
      await disconnectMongoose();
      await db.stop?.();
    },
  };
}
