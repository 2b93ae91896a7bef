import mongoose, { Types } from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/app/migrations.js';
import type { Migration } from '../../../src/db/migrations/migration.js';
import { runMigrations, SCHEMA_VERSION_COLLECTION } from '../../../src/db/migrations/runner.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
const db = () => {
  const handle = mongoose.connection.db;
  if (!handle) throw new Error('not connected');
  return handle;
};
const schema = () => db().collection<{ _id: string }>(SCHEMA_VERSION_COLLECTION);
const NOW = new Date('2026-12-01T10:00:00Z');
const quiet = { info: () => {}, warn: () => {} };
const LATEST = MIGRATIONS.at(-1)?.version ?? 0;

/** A database as today's release leaves it: no version marker, pilots from before scan scheduling. */
async function fixtureOfTodaysShape() {
  const pilots = db().collection('pilots');
  await pilots.insertMany([
    { _id: new Types.ObjectId(), teamId: 'T1', name: 'Old pilot', nameKey: 'old pilot', stage: 'in_review' },
    {
      _id: new Types.ObjectId(),
      teamId: 'T1',
      name: 'New pilot',
      nameKey: 'new pilot',
      stage: 'in_review',
      scanDueOn: '2026-12-09',
      scanBucket: '3',
    },
  ]);
  await db().collection('reviews').insertOne({ teamId: 'T1', pilotId: 'p', round: 1, outcome: 'pending' });
}

describe('schema migrations', () => {
  beforeEach(resetDatabase);

  it('migrates a database of the current shape, and running again changes nothing', async () => {
    await fixtureOfTodaysShape();
    const first = await runMigrations(db(), { owner: 'a', migrations: MIGRATIONS, now: () => NOW, logger: quiet });
    expect(first).toEqual({ from: 0, to: LATEST, applied: MIGRATIONS.map((m) => m.version) });
    expect(await schema().findOne({ _id: 'schema' })).toMatchObject({ version: LATEST, appliedAt: NOW });
    const old = await db().collection('pilots').findOne({ name: 'Old pilot' });
    expect(old?.scanDueOn).toBe('now');
    expect(await db().collection('pilots').findOne({ name: 'New pilot' })).toMatchObject({ scanDueOn: '2026-12-09' });

    const second = await runMigrations(db(), { owner: 'b', migrations: MIGRATIONS, now: () => NOW, logger: quiet });
    expect(second).toEqual({ from: LATEST, to: LATEST, applied: [] });
    expect(await schema().countDocuments({ _id: 'migration_lock' })).toBe(0);
  });

  it('runs each migration once when two instances start at the same time', async () => {
    const counting: Migration[] = [
      {
        version: 1,
        name: 'count',
        up: async (d) => {
          await new Promise((r) => setTimeout(r, 100));
          await d.collection('probe').updateOne({ _id: 'runs' as never }, { $inc: { n: 1 } }, { upsert: true });
        },
      },
    ];
    const opts = { now: () => new Date(), logger: quiet, migrations: counting, waitMs: 5_000, pollMs: 20 };
    const results = await Promise.all([
      runMigrations(db(), { ...opts, owner: 'a' }),
      runMigrations(db(), { ...opts, owner: 'b' }),
    ]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 1]);
    expect(
      await db()
        .collection('probe')
        .findOne({ _id: 'runs' as never }),
    ).toMatchObject({ n: 1 });
  });

  it('refuses a database written by a newer release, saying what to do', async () => {
    await schema().insertOne({ _id: 'schema', version: LATEST + 1, appliedAt: NOW } as never);
    await expect(
      runMigrations(db(), { owner: 'a', migrations: MIGRATIONS, now: () => NOW, logger: quiet }),
    ).rejects.toThrow(
      `database schema version ${LATEST + 1} is newer than this release knows (${LATEST}); run the newer PilotGate release`,
    );
  });

  it('a failed migration keeps the version before it and releases the lock', async () => {
    const failing: Migration[] = [
      { version: 1, name: 'fine', up: async () => {} },
      { version: 2, name: 'broken', up: async () => Promise.reject(new Error('bad shape')) },
    ];
    await expect(
      runMigrations(db(), { owner: 'a', now: () => NOW, logger: quiet, migrations: failing }),
    ).rejects.toThrow('migration 2 (broken) failed: bad shape');
    expect(await schema().findOne({ _id: 'schema' })).toMatchObject({ version: 1 });
    expect(await schema().countDocuments({ _id: 'migration_lock' })).toBe(0);
  });
});
