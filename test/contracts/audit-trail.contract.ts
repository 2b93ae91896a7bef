import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/features/audit/audit.domain.js';
import type { AuditInput, AuditTrail } from '../../src/features/audit/audit.port.js';

const at = new Date('2026-11-25T12:00:00Z');

export const auditEvent = (teamId: string, reviewId: string, subject: string): AuditInput => ({
  teamId,
  reviewId,
  at,
  actor: 'U1',
  type: 'answer.submitted',
  subject,
  before: null,
  after: { value: subject },
});

/**
 * What every AuditTrail does. `make` returns the trail and `newChain(teamId)` the id of a new review
 * chain (its review document exists, as in the app); `newWorkspace(teamId)` readies a workspace chain.
 */
export function describeAuditTrailContract(
  name: string,
  make: () => Promise<{
    trail: AuditTrail;
    newChain(teamId: string): Promise<string>;
    newWorkspace(teamId: string): Promise<void>;
  }>,
): void {
  describe(`AuditTrail contract: ${name}`, () => {
    it('append chains events: seq one past the last, each linked to the previous hash', async () => {
      const { trail, newChain } = await make();
      const reviewId = await newChain('T1');
      const first = await trail.append(auditEvent('T1', reviewId, 'a'));
      const second = await trail.append(auditEvent('T1', reviewId, 'b'));
      expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, subject: 'a' });
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, subject: 'b' });
      expect(first.hash).toMatch(/^[a-f0-9]{64}$/);
      expect((await trail.forReview('T1', reviewId)).map((e) => [e.seq, e.subject])).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
      expect(await trail.forReview('T0OTHER', reviewId)).toEqual([]);
    });

    it('concurrent appends to one chain never fork it; the trail verifies', async () => {
      const { trail, newChain } = await make();
      const reviewId = await newChain('T1');
      await Promise.all(['a', 'b', 'c', 'd', 'e'].map((s) => trail.append(auditEvent('T1', reviewId, s))));
      const events = await trail.forReview('T1', reviewId);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(events.map((e) => e.subject)).size).toBe(5);
      expect((await trail.trail('T1', reviewId)).verdict).toMatchObject({ ok: true, count: 5 });
    });

    it('appendEvent stores the event and leaves the head behind it until recordHead; findEvent finds it', async () => {
      const { trail, newChain } = await make();
      const reviewId = await newChain('T4');
      const input = auditEvent('T4', reviewId, 'a');
      const event = await trail.appendEvent(input);
      expect(event).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
      expect((await trail.trail('T4', reviewId)).verdict).toMatchObject({ ok: false, head: { seq: 0 } });
      expect(await trail.findEvent('T4', reviewId, input)).toMatchObject({ seq: 1, hash: event.hash });
      expect(await trail.findEvent('T4', reviewId, { ...input, subject: 'b' })).toBeNull();
      await trail.recordHead(event);
      expect((await trail.trail('T4', reviewId)).verdict).toMatchObject({ ok: true, count: 1, head: { seq: 1 } });
    });

    it('recordHead never moves a head back past a later append', async () => {
      const { trail, newChain } = await make();
      const reviewId = await newChain('T5');
      const first = await trail.appendEvent(auditEvent('T5', reviewId, 'a'));
      await trail.append(auditEvent('T5', reviewId, 'b'));
      await trail.recordHead(first);
      expect((await trail.trail('T5', reviewId)).verdict).toMatchObject({ ok: true, count: 2, head: { seq: 2 } });
    });

    it('appendMany appends in order; the workspace chain is its own', async () => {
      const { trail, newChain, newWorkspace } = await make();
      const reviewId = await newChain('T3');
      await trail.appendMany(['x', 'y'].map((s) => auditEvent('T3', reviewId, s)));
      expect((await trail.forReview('T3', reviewId)).map((e) => e.subject)).toEqual(['x', 'y']);
      await newWorkspace('T3');
      const { reviewId: _ignored, ...facts } = auditEvent('T3', reviewId, 'settings');
      const ws = await trail.appendWorkspace(facts);
      expect(ws).toMatchObject({ seq: 1, subject: 'settings', teamId: 'T3' });
      expect(ws.reviewId).not.toBe(reviewId);
      expect((await trail.workspaceTrail('T3')).verdict).toMatchObject({ ok: true, count: 1 });
    });
  });
}
