import { hostname } from 'node:os';
import type { Db, MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import type { Settings } from '../config/settings.js';
import { connectMongoose, disconnectMongoose, resolveDatabaseUri } from '../db/connection.js';
import { runMigrations } from '../db/migrations/runner.js';
import type { Logger } from '../shared/logger.js';
import { MIGRATIONS } from './migrations.js';

export interface OpenDatabase {
  db: Db;
  client: MongoClient;
  /** True for the embedded FerretDB of development and tests (no MONGODB_URI). */
  embedded: boolean;
  /** Whether a request may be served: connected and answering a ping (GET /health). */
  ready(): Promise<boolean>;
  /** Closes the connection, then stops the embedded database if one was started. */
  close(): Promise<void>;
}

/** Connects, migrates the stored shapes (one instance migrates, the others wait), then builds the indexes. */
export async function openDatabase(settings: Settings, logger: Logger): Promise<OpenDatabase> {
  const resolved = await resolveDatabaseUri(
    { mongodbUri: settings.mongodbUri, nodeEnv: settings.nodeEnv, dataDir: `${settings.dataDir}/db` },
    logger,
  );
  await connectMongoose(resolved.uri, settings.mongodbDb);
  const migrated = await runMigrations(mongoose.connection.getClient().db(settings.mongodbDb), {
    owner: `${hostname()}-${process.pid}`,
    migrations: MIGRATIONS,
    now: () => new Date(),
    logger,
  });
  if (migrated.applied.length) logger.info(migrated, 'database schema migrated');
  // Unique indexes guard against duplicates; build them before the first request can race.
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
  const db = mongoose.connection.db;
  if (!db) throw new Error('mongoose connected without a database handle');
  return {
    db,
    client: mongoose.connection.getClient(),
    embedded: resolved.embedded,
    ready: async () => mongoose.connection.readyState === 1 && !!(await mongoose.connection.db?.admin().ping()),
    close: async () => {
      await disconnectMongoose();
      await resolved.stop?.();
    },
  };
}
