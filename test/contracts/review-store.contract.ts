import { describe, expect, it } from 'vitest';
import type { RoleId } from '../../src/core/catalog.domain.js';
import type { ReviewStore } from '../../src/features/reviews/review.port.js';
import type { Review, StoredAnswer } from '../../src/features/reviews/review.types.js';

const T0 = new Date('2026-11-02T09:00:00Z');
let n = 0;

/** A new review of a pilot of its own (one review per pilot). */
export function newReview(over: Partial<Omit<Review, 'id'>> = {}): Omit<Review, 'id'> {
  n++;
  return {
    teamId: 'T0CONTRACT',
    pilotId: `pilot-${n}-${Math.random().toString(36).slice(2, 8)}`,
    manifestVersion: 'v-contract',
    round: 1,
    rounds: [{ n: 1, startedAt: T0, requiredRoles: ['executive_sponsor', 'operational_lead'], reason: 'opened' }],
    statuses: [],
    outcome: 'collecting',
    answeredRoles: [],
    answerSeq: 0,
    snapshotSeq: 0,
    decisions: [],
    decidedRound: 0,
    decisionCount: 0,
    openedAt: T0,
    lastActivityAt: T0,
    ...over,
  };
}

const answer = (r: Review, over: Partial<StoredAnswer> = {}): StoredAnswer => ({
  teamId: r.teamId,
  reviewId: r.id,
  round: r.round,
  role: 'operational_lead',
  userId: 'U0OPS',
  answers: { q1: 'yes' },
  submittedAt: new Date(T0.getTime() + 60_000),
  ...over,
});

/**
 * What every ReviewStore does (reviews, answers, manifests), run against ReviewRepo on the test database.
 * `make` returns a store; each test makes reviews of pilots of its own.
 */
export function describeReviewStoreContract(name: string, make: () => Promise<ReviewStore>): void {
  describe(`ReviewStore contract: ${name}`, () => {
    it('create stores the review, found by id, by pilot and among pilots, never from another workspace', async () => {
      const store = await make();
      const input = newReview();
      const r = await store.create(input);
      expect(r).toMatchObject(input);
      expect(r.id).toMatch(/^[a-f0-9]{24}$/);
      expect(await store.byId(r.teamId, r.id)).toEqual(r);
      expect(await store.byPilot(r.teamId, r.pilotId)).toEqual(r);
      expect((await store.byPilots(r.teamId, [r.pilotId, 'nobody'])).map((x) => x.id)).toEqual([r.id]);
      expect(await store.byId('T0OTHER', r.id)).toBeNull();
      expect(await store.byPilot('T0OTHER', r.pilotId)).toBeNull();
      expect(await store.byId(r.teamId, 'not-an-id')).toBeNull();
    });

    it('a second review of the same pilot is refused', async () => {
      const store = await make();
      const input = newReview();
      await store.create(input);
      await expect(store.create(input)).rejects.toMatchObject({ code: 11000 });
    });

    it('saveAnswer bumps the sequence, stores once per role and round, and refuses after the decision', async () => {
      const store = await make();
      const r = await store.create(newReview());
      expect(await store.saveAnswer(answer(r))).toBe(1);
      // The very same answers again: nothing written.
      expect(await store.saveAnswer(answer(r))).toBeNull();
      expect(await store.saveAnswer(answer(r, { answers: { q1: 'no' } }))).toBe(3);
      expect(await store.saveAnswer(answer(r, { role: 'executive_sponsor', userId: 'U0SPONSOR' }))).toBe(4);
      expect(await store.answerFor(r.teamId, r.id, 1, 'operational_lead')).toEqual({ q1: 'no' });
      expect((await store.answerHistory(r.teamId, r.id)).map((a) => a.role).sort()).toEqual([
        'executive_sponsor',
        'operational_lead',
      ]);
      const decided = await store.recordDecision(
        r.teamId,
        r.id,
        { decision: 'proceed', by: 'U0SPONSOR', at: T0, round: 1 },
        0,
      );
      expect(decided).toMatchObject({ decidedRound: 1, decisionCount: 1, decisions: [{ decision: 'proceed' }] });
      expect(await store.saveAnswer(answer(r, { answers: { q1: 'late' } }))).toBe('locked');
      expect(await store.answerFor(r.teamId, r.id, 1, 'operational_lead')).toEqual({ q1: 'no' });
    });

    it('syncStakeholders moves the lock check to the new holder, only over an older copy', async () => {
      const store = await make();
      const stakeholders = { operational_lead: 'U0OPS', executive_sponsor: 'U0SPONSOR' } as Record<RoleId, string>;
      const r = await store.create(
        newReview({ answerFacts: { pilotName: 'Contract pilot', stakeholders, savedRound: {} } }),
      );
      const moved = { ...stakeholders, operational_lead: 'U0NEWOPS' };
      expect(await store.syncStakeholders(r.teamId, r.id, moved, 1)).toBe(true);
      expect(await store.syncStakeholders(r.teamId, r.id, moved, 1)).toBe(false); // a repeat writes nothing
      expect(await store.syncStakeholders(r.teamId, r.id, stakeholders, 0)).toBe(false); // nor a late older one
      expect(await store.syncStakeholders('T0OTHER', r.id, stakeholders, 2)).toBe(false);
      expect((await store.byId(r.teamId, r.id))?.answerFacts).toMatchObject({ stakeholders: moved, rolesVersion: 1 });
      expect(await store.beginAnswer({ ...answer(r), userId: 'U0OPS' })).toBeNull();
      expect(await store.beginAnswer({ ...answer(r), userId: 'U0NEWOPS' })).toMatchObject({ id: r.id });
      // A review opened before AnswerFacts has no copy to move: its saves read the pilot.
      const older = await store.create(newReview());
      expect(await store.syncStakeholders(older.teamId, older.id, moved, 1)).toBe(false);
      expect((await store.byId(older.teamId, older.id))?.answerFacts).toBeUndefined();
    });

    it('beginAnswer is the lock check that returns the review: only the holder, only while the round is open', async () => {
      const store = await make();
      const facts = {
        pilotName: 'Contract pilot',
        stakeholders: { operational_lead: 'U0OPS', executive_sponsor: 'U0SPONSOR' } as Record<RoleId, string>,
        savedRound: {},
      };
      const r = await store.create(newReview({ answerFacts: facts }));
      const a = answer(r);
      // Someone else naming the role: nothing written.
      expect(await store.beginAnswer({ ...a, userId: 'U0SPONSOR' })).toBeNull();
      const before = await store.beginAnswer(a);
      expect(before).toMatchObject({
        id: r.id,
        answerSeq: 0,
        answerFacts: { pilotName: 'Contract pilot', savedRound: {} },
      });
      expect(await store.saveAnswer(a, null, { lockChecked: 1 })).toBe(1);
      // The second save learns the role has answers stored this round.
      expect(await store.beginAnswer(a)).toMatchObject({
        answerSeq: 1,
        answerFacts: { savedRound: { operational_lead: 1 } },
      });
      expect(await store.byId(r.teamId, r.id)).toMatchObject({ answerSeq: 2 });
      await store.recordDecision(r.teamId, r.id, { decision: 'proceed', by: 'U0SPONSOR', at: T0, round: 1 }, 0);
      expect(await store.beginAnswer(a)).toBeNull();
      expect(await store.byId(r.teamId, r.id)).toMatchObject({ answerSeq: 2 });
      // A review from before AnswerFacts: the caller reads it instead.
      const old = await store.create(newReview());
      expect(await store.beginAnswer(answer(old))).toBeNull();
      expect(await store.byId(old.teamId, old.id)).toMatchObject({ answerSeq: 0 });
    });

    it('replaceAnswer returns the answers it replaced from the write itself, and marks the round’s first save', async () => {
      const store = await make();
      const r = await store.create(newReview());
      const first = answer(r);
      expect(await store.replaceAnswer(first, 1)).toEqual({ seq: 1, before: null });
      const later = new Date(first.submittedAt.getTime() + 1_000);
      const edit = answer(r, { answers: { q1: 'no' }, submittedAt: later });
      expect(await store.replaceAnswer(edit, 2)).toEqual({ seq: 2, before: first.answers });
      // The very same answers again: nothing written.
      expect(await store.replaceAnswer({ ...edit, submittedAt: new Date(later.getTime() + 1) }, 3)).toBeNull();
      expect(await store.answerFor(r.teamId, r.id, 1, 'operational_lead')).toEqual({ q1: 'no' });
      const [pending] = await store.answersAwaitingAudit(new Date(later.getTime() + 60_000), { reviewId: r.id });
      // The marker has no `before`: the round's first save is told by firstSubmittedAt.
      expect(pending?.auditPending).toEqual({ claimedAt: later });
      expect(pending?.firstSubmittedAt).toEqual(first.submittedAt);
    });

    it('a saved answer awaits its audit event until marked audited', async () => {
      const store = await make();
      const r = await store.create(newReview());
      const a = answer(r);
      await store.saveAnswer(a, null);
      const later = new Date(a.submittedAt.getTime() + 1);
      expect((await store.answersAwaitingAudit(later, { reviewId: r.id })).map((x) => x.role)).toEqual([a.role]);
      expect(await store.claimAnswerAudit(a, later, later)).toBe(true);
      expect(await store.claimAnswerAudit(a, later, later)).toBe(false);
      await store.markAnswerAudited(a);
      expect(await store.answersAwaitingAudit(new Date(later.getTime() + 60_000), { reviewId: r.id })).toEqual([]);
    });

    it('writeSnapshot keeps only the newest computation', async () => {
      const store = await make();
      const r = await store.create(newReview());
      const snap = (outcome: Review['outcome']) => ({ statuses: [], outcome, answeredRoles: [] });
      expect(await store.writeSnapshot(r.teamId, r.id, 2, snap('pause'))).toBe(true);
      expect(await store.writeSnapshot(r.teamId, r.id, 1, snap('proceed'))).toBe(false);
      expect(await store.byId(r.teamId, r.id)).toMatchObject({ outcome: 'pause', snapshotSeq: 2 });
    });

    it('recordDecision is a compare-and-set on the count: the second of two loses', async () => {
      const store = await make();
      const r = await store.create(newReview());
      const d = { decision: 'gap_closure' as const, by: 'U0SPONSOR', at: T0, round: 1 };
      expect(await store.recordDecision(r.teamId, r.id, d, 0)).not.toBeNull();
      expect(await store.recordDecision(r.teamId, r.id, { ...d, decision: 'proceed' }, 0)).toBeNull();
      // pause may follow in the same round, against the new count.
      expect(await store.recordDecision(r.teamId, r.id, { ...d, decision: 'pause' }, 1)).toMatchObject({
        decisionCount: 2,
      });
    });

    it('startRound opens the next round once; setCard and touch write their fields', async () => {
      const store = await make();
      const r = await store.create(newReview());
      const later = new Date(T0.getTime() + 86_400_000);
      const next = await store.startRound(r.teamId, r.id, 1, ['technology_lead'], 'plan done', later);
      expect(next).toMatchObject({ round: 2, answerSeq: 1, lastActivityAt: later });
      expect(next?.rounds.map((x) => x.n)).toEqual([1, 2]);
      expect(await store.startRound(r.teamId, r.id, 1, ['technology_lead'], 'again', later)).toBeNull();
      await store.setCard(r.teamId, r.id, { channel: 'C1', ts: '1.0001' });
      const touched = new Date(later.getTime() + 1000);
      await store.touch(r.teamId, r.id, touched);
      expect(await store.byId(r.teamId, r.id)).toMatchObject({
        card: { channel: 'C1', ts: '1.0001' },
        lastActivityAt: touched,
      });
    });

    it("a save stamps its role's confirmation; reaffirmConfirmation re-stamps it once, only from the one expected", async () => {
      const store = await make();
      const r = await store.create(newReview());
      const saved = answer(r);
      await store.saveAnswer(saved);
      const before = await store.byId(r.teamId, r.id);
      expect(before?.confirmations?.operational_lead).toEqual(saved.submittedAt);
      // Roles need answers counted (the statuses' answeredRoles) before they can be re-confirmed.
      expect(
        await store.reaffirmConfirmation(
          r.teamId,
          r.id,
          { role: 'operational_lead', expected: saved.submittedAt, actor: 'U0OPS' },
          T0,
        ),
      ).toBeNull();
      await store.writeSnapshot(r.teamId, r.id, 1, {
        statuses: [],
        outcome: 'collecting',
        answeredRoles: ['operational_lead'],
      });
      const now = new Date(T0.getTime() + 100 * 86_400_000);
      const stamp = () =>
        store.reaffirmConfirmation(
          r.teamId,
          r.id,
          { role: 'operational_lead', expected: saved.submittedAt, actor: 'U0OPS' },
          now,
        );
      const [first, second] = await Promise.all([stamp(), stamp()]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      const after = (first ?? second)!;
      expect(after.confirmations?.operational_lead).toEqual(now);
      expect(after.reaffirmAudit?.operational_lead).toEqual({ at: now, actor: 'U0OPS', before: saved.submittedAt });
      await store.clearReaffirmAudit(r.teamId, r.id, 'operational_lead', now);
      expect((await store.byId(r.teamId, r.id))?.reaffirmAudit?.operational_lead).toBeUndefined();
      expect(
        await store.reaffirmConfirmation(
          'T0OTHER',
          r.id,
          { role: 'operational_lead', expected: now, actor: 'U0OPS' },
          now,
        ),
      ).toBeNull();
    });

    it('markReconfirmAsked notes the stale confirmations asked about, in one write', async () => {
      const store = await make();
      const r = await store.create(newReview());
      const marked = await store.markReconfirmAsked(r.teamId, r.id, [
        { role: 'operational_lead', confirmedAt: T0 },
        { role: 'change_lead', confirmedAt: T0 },
      ]);
      expect(marked?.reconfirmAsked).toEqual({ operational_lead: T0, change_lead: T0 });
      expect(await store.markReconfirmAsked('T0OTHER', r.id, [{ role: 'change_lead', confirmedAt: T0 }])).toBeNull();
    });

    it('storeManifest keeps the first content of a version', async () => {
      const store = await make();
      const version = `v-${Math.random().toString(36).slice(2, 10)}`;
      await store.storeManifest(version, { a: 1 }, T0);
      await store.storeManifest(version, { a: 2 }, T0);
      expect(await store.manifest(version)).toEqual({ a: 1 });
      expect(await store.manifest('v-never-stored')).toBeNull();
    });
  });
}
