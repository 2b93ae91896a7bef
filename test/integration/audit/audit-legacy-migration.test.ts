/**
 * Trails written before the chain head and the HMAC existed: migration 3 records a head at their last
 * event and marks those unsigned events `legacy`, without signing them. They then verify as legacy
 * and intact; a rewritten legacy event still breaks the hash chain, and every event after the
 * migrated head still needs a valid HMAC.
 */
import mongoose, { Types } from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/app/migrations.js';
import { type AuditFacts, GENESIS_HASH, hashEvent } from '../../../src/features/audit/audit.domain.js';
import { AuditRepo } from '../../../src/features/audit/audit.repo.js';
import { verdictReport, verifyAuditTrails } from '../../../src/features/audit/audit-verify.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
beforeEach(resetDatabase);

const KEY = 'integration-test-audit-hmac-key-0123456789';
const at = new Date('2026-06-01T12:00:00Z');
const db = () => mongoose.connection.db!;
const col = (name: string) => db().collection(name);
const migration3 = () => {
  const m = MIGRATIONS.find((x) => x.version === 3);
  if (!m) throw new Error('there is no migration 3');
  return m;
};

/** A review and its trail as a release before the head and HMAC wrote them: hash-chained, unsigned, no head. */
async function oldShapeTrail(teamId: string, subjects: string[]): Promise<string> {
  const _id = new Types.ObjectId();
  const reviewId = String(_id);
  await col('reviews').insertOne({ _id, teamId, pilotId: `p-${reviewId}`, outcome: 'collecting' });
  let prevHash = GENESIS_HASH;
  for (const [i, subject] of subjects.entries()) {
    const facts: AuditFacts = {
      teamId,
      reviewId,
      seq: i + 1,
      at,
      actor: 'U1',
      type: 'answer.submitted',
      subject,
      before: null,
      after: { value: subject },
    };
    const hash = hashEvent(facts, prevHash);
    await col('audit_events').insertOne({ ...facts, prevHash, hash });
    prevHash = hash;
  }
  return reviewId;
}

const verdictOf = async (reviewId: string) => {
  const [result] = await verifyAuditTrails(db(), { reviewId }, { hmacKey: KEY });
  return result!;
};

describe('migration 3: trails from before the audit head and HMAC', () => {
  it('before it, an old trail reports as broken (no chain head)', async () => {
    const reviewId = await oldShapeTrail('T1', ['a', 'b', 'c']);
    expect((await verdictOf(reviewId)).verdict.ok).toBe(false);
  });

  it('records a head at the last event and marks the events legacy, unsigned; the trail verifies', async () => {
    const reviewId = await oldShapeTrail('T1', ['a', 'b', 'c']);
    await migration3().up(db());
    await migration3().up(db()); // idempotent
    const events = await col('audit_events').find({ reviewId }).sort({ seq: 1 }).toArray();
    expect(events.map((e) => [e.seq, e.legacy, e.hmac])).toEqual([
      [1, true, undefined],
      [2, true, undefined],
      [3, true, undefined],
    ]);
    const result = await verdictOf(reviewId);
    expect(result.verdict).toMatchObject({ ok: true, count: 3, head: { seq: 3 }, legacy: 3 });
    expect(verdictReport(result)).toContain('3 legacy events before the HMAC was introduced, chain intact');

    // The app appends on top, signed: the legacy prefix stays accepted, the new event is verified.
    await new AuditRepo(undefined, { hmacKey: KEY }).append({
      teamId: 'T1',
      reviewId,
      at,
      actor: 'U2',
      type: 'decision.recorded',
      subject: 'proceed',
      before: null,
      after: null,
    });
    expect((await verdictOf(reviewId)).verdict).toMatchObject({
      ok: true,
      count: 4,
      head: { seq: 4 },
      legacy: 3,
      hmac: 'verified',
    });
  });

  it('a tampered legacy event still breaks the hash chain', async () => {
    const reviewId = await oldShapeTrail('T1', ['a', 'b', 'c']);
    await migration3().up(db());
    await col('audit_events').updateOne({ reviewId, seq: 2 }, { $set: { after: { value: 'rewritten' } } });
    const { verdict } = await verdictOf(reviewId);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('an event after the migrated head still needs a valid HMAC, even marked legacy', async () => {
    const reviewId = await oldShapeTrail('T1', ['a', 'b']);
    await migration3().up(db());
    const last = await col('audit_events').findOne({ reviewId, seq: 2 });
    const facts: AuditFacts = {
      teamId: 'T1',
      reviewId,
      seq: 3,
      at,
      actor: 'U9',
      type: 'x',
      subject: 'x',
      before: null,
      after: null,
    };
    const hash = hashEvent(facts, String(last?.hash));
    await col('audit_events').insertOne({ ...facts, prevHash: last?.hash, hash, legacy: true });
    await col('reviews').updateOne(
      { _id: new Types.ObjectId(reviewId) },
      { $set: { 'auditHead.seq': 3, 'auditHead.hash': hash } },
    );
    const { verdict } = await verdictOf(reviewId);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('leaves a signed chain without a head alone: a removed head is not taken for an old trail', async () => {
    const repo = new AuditRepo(undefined, { hmacKey: KEY });
    const reviewId = await oldShapeTrail('T1', []);
    await repo.append({ teamId: 'T1', reviewId, at, actor: 'U1', type: 't', subject: 's', before: null, after: null });
    await col('reviews').updateOne({ _id: new Types.ObjectId(reviewId) }, { $unset: { auditHead: '' } });
    await migration3().up(db());
    expect((await col('reviews').findOne({ _id: new Types.ObjectId(reviewId) }))?.auditHead).toBeUndefined();
    expect((await verdictOf(reviewId)).verdict.ok).toBe(false);
  });
});
