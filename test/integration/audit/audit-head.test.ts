/**
 * The chain head on the review document and the HMAC: deleting the tail is detected; rewriting an
 * event and recomputing every hash without the server's key is detected; a crash between the event
 * insert and the head write is detected and repaired by the next append.
 */
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../../src/features/audit/audit.domain.js';
import { AuditEventModel } from '../../../src/features/audit/audit.model.js';
import { AuditRepo } from '../../../src/features/audit/audit.repo.js';
import { AuditHeadStore } from '../../../src/features/audit/audit-head.store.js';
import { verdictReport, verifyAuditTrails } from '../../../src/features/audit/audit-verify.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
afterEach(() => {
  vi.restoreAllMocks();
});

const KEY = 'integration-test-audit-hmac-key-0123456789';
const at = new Date('2026-11-25T12:00:00Z');
const col = (name: string) => mongoose.connection.collection(name);

/** A review document as the app stores it (only what the audit trail needs). */
async function newReviewDoc(teamId: string): Promise<string> {
  const _id = new mongoose.Types.ObjectId();
  await col('reviews').insertOne({ _id, teamId, pilotId: `p-${_id}`, outcome: 'collecting' });
  return String(_id);
}

const event = (teamId: string, reviewId: string, subject: string) => ({
  teamId,
  reviewId,
  at,
  actor: 'U1',
  type: 'answer.submitted',
  subject,
  before: null,
  after: { value: subject },
});

async function trailOf(teamId: string, subjects: string[]) {
  const repo = new AuditRepo(undefined, { hmacKey: KEY });
  const reviewId = await newReviewDoc(teamId);
  await repo.appendMany(subjects.map((s) => event(teamId, reviewId, s)));
  return { repo, reviewId };
}

describe('the chain head on the review document', () => {
  it('is written with each append: seq and hash of the last event', async () => {
    const { repo, reviewId } = await trailOf('T1', ['a', 'b', 'c']);
    const events = await repo.forReview('T1', reviewId);
    const review = await col('reviews').findOne({ _id: new mongoose.Types.ObjectId(reviewId) });
    expect(review?.auditHead).toMatchObject({ seq: 3, hash: events[2]?.hash });
    expect((await repo.trail('T1', reviewId)).verdict).toMatchObject({ ok: true, count: 3, hmac: 'verified' });
  });

  it("appendMany stores a chain's events in one insert and moves the head once; two processes batching at once never fork it", async () => {
    const { repo, reviewId } = await trailOf('T1', ['seed']);
    const other = new AuditRepo(undefined, { hmacKey: KEY });
    const inserts = vi.spyOn(AuditEventModel, 'insertMany');
    // The other process does not know this one's tail: its first try collides and goes on from the new tail.
    await Promise.all([
      repo.appendMany(['a', 'b', 'c'].map((s) => event('T1', reviewId, s))),
      other.appendMany(['x', 'y'].map((s) => event('T1', reviewId, s))),
    ]);
    const events = await repo.forReview('T1', reviewId);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.map((e) => e.subject).sort()).toEqual(['a', 'b', 'c', 'seed', 'x', 'y']);
    // Each batch went in with one insert (a collision retries only what is not in yet).
    expect(inserts.mock.calls.map((c) => (c[0] as unknown[]).length)).toContain(3);
    expect((await repo.trail('T1', reviewId)).verdict).toMatchObject({ ok: true, count: 6, hmac: 'verified' });
  });

  it('detects a deleted tail', async () => {
    const { repo, reviewId } = await trailOf('T2', ['a', 'b', 'c']);
    await col('audit_events').deleteOne({ reviewId, seq: 3 });
    const { verdict } = await repo.trail('T2', reviewId);
    expect(verdict).toMatchObject({ ok: false, count: 2, brokenAt: 3, head: { seq: 3 } });
    const [report] = await verifyAuditTrails(mongoose.connection.db!, { reviewId }, { hmacKey: KEY });
    expect(verdictReport(report!)).toContain('the head records event #3 but the trail ends at #2');
  });

  it('detects an event rewritten and every hash after it recomputed without the key', async () => {
    const { repo, reviewId } = await trailOf('T3', ['a', 'b', 'c']);
    // What someone with database write access can do: change a fact and re-hash the chain from there.
    const events = await col('audit_events').find({ reviewId }).sort({ seq: 1 }).toArray();
    let prev = events[0]?.hash as string;
    for (const e of events.slice(1)) {
      const { _id, prevHash: _p, hash: _h, hmac: _m, ...facts } = e;
      if (facts.seq === 2) facts.actor = 'U666';
      const body = canonicalJson({ ...facts, at: (facts.at as Date).toISOString() });
      const hash = createHash('sha256').update(prev).update('\n').update(body).digest('hex');
      await col('audit_events').updateOne({ _id }, { $set: { actor: facts.actor, prevHash: prev, hash } });
      prev = hash;
    }
    await col('reviews').updateOne(
      { _id: new mongoose.Types.ObjectId(reviewId) },
      { $set: { 'auditHead.hash': prev } },
    );
    const { verdict } = await repo.trail('T3', reviewId);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 2, hmac: 'failed' });
    // Without the key only the hashes can be checked, and they all agree: the HMAC is what catches it.
    const [unkeyed] = await verifyAuditTrails(mongoose.connection.db!, { reviewId });
    expect(unkeyed?.verdict).toMatchObject({ hmac: 'not checked' });
    expect(verdictReport(unkeyed!)).toContain('HMAC not checked');
  });

  it('a crash between the event insert and the head write is detected, and the next append repairs it', async () => {
    const { repo, reviewId } = await trailOf('T4', ['a', 'b']);
    const crashing = new AuditRepo(undefined, { hmacKey: KEY, onHeadError: () => undefined });
    vi.spyOn(AuditHeadStore.prototype, 'advance').mockRejectedValueOnce(new Error('process killed'));
    await crashing.append(event('T4', reviewId, 'c'));
    vi.restoreAllMocks();
    const stalled = (await repo.trail('T4', reviewId)).verdict;
    expect(stalled).toMatchObject({ ok: false, count: 3, brokenAt: 3, head: { seq: 2 } });
    if (!stalled.ok) expect(stalled.problem).toContain('an append stopped before recording its head');
    await repo.append(event('T4', reviewId, 'd'));
    expect((await repo.trail('T4', reviewId)).verdict).toMatchObject({ ok: true, count: 4, head: { seq: 4 } });
  });

  it('a crash between the first event insert and its head write is repaired by the next append', async () => {
    const repo = new AuditRepo(undefined, { hmacKey: KEY });
    const reviewId = await newReviewDoc('T4A');
    const crashing = new AuditRepo(undefined, { hmacKey: KEY, onHeadError: () => undefined });
    vi.spyOn(AuditHeadStore.prototype, 'advance').mockRejectedValueOnce(new Error('process killed'));
    await crashing.append(event('T4A', reviewId, 'a'));
    vi.restoreAllMocks();
    const stalled = (await repo.trail('T4A', reviewId)).verdict;
    expect(stalled).toMatchObject({ ok: false, count: 1, brokenAt: 1 });
    if (!stalled.ok) expect(stalled.problem).toContain('an append stopped before recording its head');
    await repo.append(event('T4A', reviewId, 'b'));
    expect((await repo.trail('T4A', reviewId)).verdict).toMatchObject({
      ok: true,
      count: 2,
      head: { seq: 2 },
      hmac: 'verified',
    });
  });

  it('a chain whose first append has not happened yet verifies as empty', async () => {
    const repo = new AuditRepo(undefined, { hmacKey: KEY });
    const reviewId = await newReviewDoc('T4B');
    expect((await repo.trail('T4B', reviewId)).verdict).toMatchObject({ ok: true, count: 0 });
  });

  it('a review whose head was removed is not taken as complete', async () => {
    const { repo, reviewId } = await trailOf('T5', ['a', 'b']);
    await col('reviews').updateOne({ _id: new mongoose.Types.ObjectId(reviewId) }, { $unset: { auditHead: '' } });
    await col('audit_events').deleteOne({ reviewId, seq: 2 });
    await repo.append(event('T5', reviewId, 'c'));
    const { verdict } = await repo.trail('T5', reviewId);
    expect(verdict.ok).toBe(false);
  });
});

describe('the workspace chain', () => {
  it('records workspace events with their head on the workspace settings document', async () => {
    await col('workspace_settings').insertOne({ teamId: 'T9', overrides: {}, gateAdmins: [] });
    const repo = new AuditRepo(undefined, { hmacKey: KEY });
    await repo.appendWorkspace({
      teamId: 'T9',
      at,
      actor: 'U1',
      type: 'admins.changed',
      subject: 'gate admins',
      before: [],
      after: ['U2'],
    });
    const { events, verdict } = await repo.workspaceTrail('T9');
    expect(events.map((e) => e.type)).toEqual(['admins.changed']);
    expect(verdict).toMatchObject({ ok: true, count: 1, hmac: 'verified', head: { seq: 1 } });
    expect((await col('workspace_settings').findOne({ teamId: 'T9' }))?.auditHead).toMatchObject({ seq: 1 });
  });
});
