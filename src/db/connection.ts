import mongoose from 'mongoose';
import { isDatabaseUnavailable } from './database-errors.js';
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

/**
 * How long an operation waits for a reachable server. Slack wants an answer within 3 s, and a
 * submission must still have time to say "nothing was saved" and keep the modal open, so a database
 * that is down fails an operation in 1.5 s instead of the driver's default 30 s (or our former 5 s).
 */
export const SERVER_SELECTION_TIMEOUT_MS = 1_500;
/** The first connect may wait longer (a database starting next to us): this many selection windows. */
const CONNECT_ATTEMPTS = 10;

export async function connectMongoose(uri: string, dbName: string): Promise<mongoose.Connection> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mongoose.connect(uri, {
        dbName,
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        connectTimeoutMS: 10_000,
        maxPoolSize: 20,
        autoIndex: true,
        // Fail at once instead of queueing operations for up to 10 s while disconnected.
        bufferCommands: false,
      });
      return mongoose.connection;
    } catch (error) {
      if (attempt >= CONNECT_ATTEMPTS || !isDatabaseUnavailable(error)) throw error;
    }
  }
}

export async function disconnectMongoose(): Promise<void> {
  await mongoose.disconnect();
}
