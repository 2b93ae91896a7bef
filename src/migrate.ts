/**
 * Brings the database's stored shapes up to this release (src/db/migrations). PilotGate also does this
 * at start-up; run it by hand before rolling out a release to many instances, or to see what it does.
 *
 *   npm run migrate          (or, in the Docker image: node dist/migrate.js)
 *
 * Reads MONGODB_URI (required) and MONGODB_DB (default pilotgate) from the environment.
 */
import { hostname } from 'node:os';
import { MongoClient } from 'mongodb';
import { runMigrations } from './db/migrations/runner.js';

async function main(): Promise<number> {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error('MONGODB_URI is required (the database PilotGate writes to), e.g. mongodb://localhost:27017');
    return 2;
  }
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const log = (obj: object, msg: string) => console.log(msg, JSON.stringify(obj));
    const result = await runMigrations(client.db(process.env.MONGODB_DB || 'pilotgate'), {
      owner: `${hostname()}-${process.pid}`,
      now: () => new Date(),
      logger: { info: log, warn: log },
    });
    console.log(
      result.applied.length
        ? `database schema migrated from version ${result.from} to ${result.to} (applied ${result.applied.join(', ')})`
        : `database schema is at version ${result.to}; nothing to do`,
    );
    return 0;
  } finally {
    await client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`migration failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
