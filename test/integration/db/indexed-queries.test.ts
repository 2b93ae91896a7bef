import mongoose, { Schema, Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../support/test-db.js';

/**
 * The test database's query pushdown (scripts/ferretdb/pilotgate_pushdown.go) answers top-level
 * equality and $in from SQLite indexes. It must never hide a matching document: these queries
 * return exactly what MongoDB returns, including the cases the pushdown has to keep (array fields,
 * strings with characters JSON escapes, ObjectId vs its hex string, mixed conditions it cannot push down).
 */
useTestDatabase();

const Probe = mongoose.model(
  'IndexedQueryProbe',
  new Schema(
    {
      teamId: String,
      key: String,
      tags: Schema.Types.Mixed,
      ref: Schema.Types.Mixed,
      done: Boolean,
      n: Number,
    },
    { strict: false },
  )
    .index({ teamId: 1, key: 1 }, { unique: true })
    .index({ tags: 1 }),
);

const oid = new Types.ObjectId();
const docs = [
  { teamId: 'T1', key: 'a', tags: 'x', ref: oid, done: true, n: 1 },
  { teamId: 'T1', key: 'b', tags: ['x', 'y'], ref: oid.toHexString(), done: false, n: 2 },
  { teamId: 'T1', key: 'c', tags: [{ x: 'x' }], done: false, n: 3 },
  { teamId: 'T1', key: 'ü-umlaut', tags: 'Grüße <b>&"q"\\', n: 4 },
  { teamId: 'T2', key: 'a', tags: { x: 1 }, n: 5 },
  { teamId: 'T2', key: 'd', n: 6 },
];

const keys = async (filter: Record<string, unknown>) =>
  (await Probe.find(filter).lean<{ teamId: string; key: string }[]>()).map((d) => `${d.teamId}/${d.key}`).sort();

describe('queries on the test database return every matching document', () => {
  beforeAll(async () => {
    await Probe.init();
    await Probe.insertMany(docs);
  });

  it('top-level string equality, alone and combined', async () => {
    expect(await keys({ teamId: 'T1' })).toEqual(['T1/a', 'T1/b', 'T1/c', 'T1/ü-umlaut']);
    expect(await keys({ teamId: 'T2', key: 'a' })).toEqual(['T2/a']);
    expect(await keys({ teamId: 'T3' })).toEqual([]);
  });

  it('equality matches array elements, but not documents inside arrays or embedded documents', async () => {
    expect(await keys({ tags: 'x' })).toEqual(['T1/a', 'T1/b']);
    expect(await keys({ tags: { $in: ['y', 'zzz'] } })).toEqual(['T1/b']);
    expect(await keys({ tags: { $eq: 'x' }, teamId: 'T1' })).toEqual(['T1/a', 'T1/b']);
  });

  it('strings with characters JSON escapes, and non-ASCII text', async () => {
    expect(await keys({ tags: 'Grüße <b>&"q"\\' })).toEqual(['T1/ü-umlaut']);
    expect(await keys({ key: { $in: ['ü-umlaut', 'd'] } })).toEqual(['T1/ü-umlaut', 'T2/d']);
  });

  it('an ObjectId matches the ObjectId only, its hex string the string only', async () => {
    expect(await keys({ ref: oid })).toEqual(['T1/a']);
    expect(await keys({ ref: oid.toHexString() })).toEqual(['T1/b']);
    const byId = await Probe.findOne({ teamId: 'T1', key: 'c' }).lean<{ _id: Types.ObjectId }>();
    expect(await keys({ _id: byId?._id })).toEqual(['T1/c']);
    expect(await keys({ _id: { $in: [byId?._id, new Types.ObjectId()] } })).toEqual(['T1/c']);
  });

  it('booleans, and conditions left to the server alongside pushed ones', async () => {
    expect(await keys({ done: false })).toEqual(['T1/b', 'T1/c']);
    expect(await keys({ teamId: 'T1', n: { $gte: 2 }, done: { $ne: true } })).toEqual(['T1/b', 'T1/c', 'T1/ü-umlaut']);
    expect(await keys({ teamId: 'T2', 'tags.x': 1 })).toEqual(['T2/a']);
    expect(await keys({ teamId: { $in: [] } })).toEqual([]);
  });

  it('updates and deletes find their documents the same way', async () => {
    const res = await Probe.updateMany({ tags: 'x', teamId: 'T1' }, { $set: { touched: true } });
    expect(res.modifiedCount).toBe(2);
    expect(await keys({ touched: true })).toEqual(['T1/a', 'T1/b']);
    expect((await Probe.deleteMany({ teamId: 'T2', key: { $in: ['d'] } })).deletedCount).toBe(1);
    expect(await Probe.countDocuments({ teamId: 'T2' })).toBe(1);
  });
});

/** On FerretDB, the point of the patch: those queries are index searches, not collection scans. */
describe.runIf(!process.env.TEST_MONGODB_URI)('query plans on the embedded FerretDB', () => {
  it('looks up by _id and by an indexed field through the index', async () => {
    const db = mongoose.connection.db;
    if (!db) throw new Error('not connected');
    const plan = async (filter: Record<string, unknown>) =>
      JSON.stringify(await db.command({ explain: { find: Probe.collection.collectionName, filter } }));
    const byTeam = await plan({ teamId: 'T1', key: 'b' });
    expect(byTeam).toContain('USING INDEX');
    expect(byTeam).toContain('"filterPushdown":true');
    expect(await plan({ _id: new Types.ObjectId() })).toContain('USING INDEX');
    // Both fields of a compound index, the second an $in: one search on the whole key, not a scan of T1.
    expect(await plan({ teamId: 'T1', key: { $in: ['a', 'b'] } })).toMatch(
      /teamId_1_key_1 \(<expr>=\? AND <expr>=\?\)/,
    );
    expect(await plan({ n: 1 })).not.toContain('USING INDEX');
  });
});
