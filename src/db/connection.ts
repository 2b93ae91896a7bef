import mongoose from 'mongoose';
import { type EmbeddedServerLogger, startEmbeddedServer } from './embedded-server.js';

export interface DatabaseSettings {
  mongodbUri?: string;
  nodeEnv: string;
  dataDir: string;
}

export interface ResolvedDatabase {
  uri: string;
  /** Stops the embedded server, if one was started; no-op for MONGODB_URI. */
  stop(): Promise<void>;
  embedded: boolean;
}

/** MONGODB_URI when set; otherwise an embedded FerretDB (refused in production). */
export async function resolveDatabaseUri(
  settings: DatabaseSettings,
  logger: EmbeddedServerLogger,
): Promise<ResolvedDatabase> {
  if (settings.mongodbUri) {
    return { uri: settings.mongodbUri, stop: async () => {}, embedded: false };
  }
  if (settings.nodeEnv === 'production') {
    throw new Error('MONGODB_URI is required when NODE_ENV=production (the embedded database is for local use only)');
  }
  const server = await startEmbeddedServer({ dataDir: settings.dataDir, logger });
  logger.info(
    { uri: server.uri, dataDir: settings.dataDir },
    `no MONGODB_URI set: using embedded FerretDB at ${server.uri} (data in ${settings.dataDir})`,
  );
  return { uri: server.uri, stop: () => server.stop(), embedded: true };
}

export async function connectMongoose(uri: string, dbName: string): Promise<mongoose.Connection> {
  await mongoose.connect(uri, {
    dbName,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 10_000,
    maxPoolSize: 20,
    autoIndex: true,
  });
  return mongoose.connection;
}

export async function disconnectMongoose(): Promise<void> {
  await mongoose.disconnect();
}
