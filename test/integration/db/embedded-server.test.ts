import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import mongoose, { Schema } from 'mongoose';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveDatabaseUri } from '../../../src/db/connection.js';
import { startEmbeddedServer } from '../../../src/db/embedded-server.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

const silent = { info: () => {}, warn: () => {} };

useTestDatabase();

const GateModel = mongoose.model(
  'DbTestGate',
  new Schema({
    teamId: { type: String, required: true },
    nameKey: { type: String, required: true },
    count: { type: Number, default: 0 },
  }).index({ teamId: 1, nameKey: 1 }, { unique: true }),
);

describe('mongoose against the test database', () => {
  beforeEach(async () => {
    await resetDatabase();
    await GateModel.syncIndexes();
  });

  it('rejects a duplicate (teamId, nameKey) with code 11000', async () => {
    await GateModel.create({ teamId: 'T1', nameKey: 'gate-a' });
    await GateModel.create({ teamId: 'T2', nameKey: 'gate-a' });
    await expect(GateModel.create({ teamId: 'T1', nameKey: 'gate-a' })).rejects.toMatchObject({ code: 11000 });
    expect(await GateModel.countDocuments()).toBe(2);
  });

  it('findOneAndUpdate with $inc is atomic across 20 concurrent calls', async () => {
    await GateModel.create({ teamId: 'T1', nameKey: 'counter' });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        GateModel.findOneAndUpdate(
          { teamId: 'T1', nameKey: 'counter' },
          { $inc: { count: 1 } },
          { returnDocument: 'after' },
        ),
      ),
    );
    const seen = results.map((d) => d?.count).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const final = await GateModel.findOne({ teamId: 'T1', nameKey: 'counter' }).lean();
    expect(final?.count).toBe(20);
  });

  it('updateMany changes every matching document in one statement and counts them', async () => {
    await GateModel.insertMany(
      Array.from({ length: 300 }, (_, i) => ({ teamId: i % 2 === 0 ? 'T1' : 'T2', nameKey: `g${i}` })),
    );
    const res = await GateModel.updateMany({ teamId: 'T1' }, { $set: { count: 7 } });
    expect(res).toMatchObject({ matchedCount: 150, modifiedCount: 150 });
    expect(await GateModel.countDocuments({ teamId: 'T1', count: 7 })).toBe(150);
    expect(await GateModel.countDocuments({ teamId: 'T2', count: 0 })).toBe(150);
    // Already so: matched, nothing modified.
    expect(await GateModel.updateMany({ teamId: 'T1' }, { $set: { count: 7 } })).toMatchObject({
      matchedCount: 150,
      modifiedCount: 0,
    });
  });

  it('a conditional findOneAndUpdate (claim/lock pattern) has exactly one winner among 20', async () => {
    const { _id } = await GateModel.create({ teamId: 'T1', nameKey: 'claim', count: 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        GateModel.findOneAndUpdate({ _id, count: 0 }, { $set: { count: i + 1 } }, { returnDocument: 'after' }),
      ),
    );
    expect(results.filter((d) => d !== null)).toHaveLength(1);
  });
});

describe('startEmbeddedServer', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('starts, answers ping, stops, and keeps data across restarts on the same dataDir', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pilotgate-embedded-'));
    dirs.push(dataDir);

    const first = await startEmbeddedServer({ dataDir, logger: silent });
    expect(first.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const c1 = new MongoClient(first.uri, { serverSelectionTimeoutMS: 5_000 });
    try {
      await c1.connect();
      expect(await c1.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      await c1
        .db('persist')
        .collection('notes')
        .insertOne({ _id: 'n1' as never, text: 'hello' });
    } finally {
      await c1.close();
      await first.stop();
    }

    const second = await startEmbeddedServer({ dataDir, logger: silent });
    const c2 = new MongoClient(second.uri, { serverSelectionTimeoutMS: 5_000 });
    try {
      await c2.connect();
      const doc = await c2.db('persist').collection<{ _id: string; text: string }>('notes').findOne({ _id: 'n1' });
      expect(doc?.text).toBe('hello');
    } finally {
      await c2.close();
      await second.stop();
    }
  });
});

describe('resolveDatabaseUri', () => {
  it('refuses NODE_ENV=production without MONGODB_URI', async () => {
    await expect(resolveDatabaseUri({ nodeEnv: 'production', dataDir: '/nonexistent' }, silent)).rejects.toThrow(
      'MONGODB_URI is required when NODE_ENV=production',
    );
  });

  it('returns MONGODB_URI unchanged when set', async () => {
    const db = await resolveDatabaseUri(
      { mongodbUri: 'mongodb://db.example:27017/', nodeEnv: 'production', dataDir: '/nonexistent' },
      silent,
    );
    expect(db.uri).toBe('mongodb://db.example:27017/');
    expect(db.embedded).toBe(false);
    await db.stop();
  });
});
