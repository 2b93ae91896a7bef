import { type Db, MongoClient } from 'mongodb';

/**
 * Runs one command-line task (`npm run migrate`, `npm run audit:verify`) against the database named by
 * MONGODB_URI and MONGODB_DB (default pilotgate), and exits with the task's code: 2 when MONGODB_URI is
 * missing; `failureCode` when the task throws (`<name> failed: …`), so scripts can tell a finding from a failure.
 */
export function runDatabaseTask(name: string, task: (db: Db) => Promise<number>, failureCode = 1): void {
  const run = async (): Promise<number> => {
    const uri = process.env.MONGODB_URI;
    if (!uri) {
      console.error('MONGODB_URI is required (the database PilotGate writes to), e.g. mongodb://localhost:27017');
      return 2;
    }
    const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5_000 });
    try {
      return await task(client.db(process.env.MONGODB_DB || 'pilotgate'));
    } finally {
      await client.close();
    }
  };
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`${name} failed: ${(error as Error).message}`);
      process.exit(failureCode);
    },
  );
}
