import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, inject } from 'vitest';

export interface TestDatabase {
  uri(): string;
  dbName(): string;
}

/**
 * Connects the default mongoose connection to a database unique to this test file
 * (dropped in afterAll). Call once at the top level of a test file.
 */
export function useTestDatabase(): TestDatabase {
  const uri = inject('mongoUri');
  const dbName = `t_${process.pid}_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5_000 });
  });

  afterAll(async () => {
    if (mongoose.connection.readyState === 1) {
      await mongoose.connection.dropDatabase();
    }
    await mongoose.disconnect();
  });

  return { uri: () => uri, dbName: () => dbName };
}

/** Deletes all documents in all collections of the current test database (indexes are kept). */
export async function resetDatabase(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('resetDatabase(): mongoose is not connected; call useTestDatabase() first');
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  await Promise.all(
    collections.filter((c) => !c.name.startsWith('system.')).map((c) => db.collection(c.name).deleteMany({})),
  );
}
