import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { PlanItemStore, PlanItemSweeps } from '../../src/features/reviews/plan-item.port.js';
import type { PlanItem } from '../../src/features/reviews/review.types.js';

const T0 = new Date('2026-11-02T09:00:00Z');

/** Items of one new review of its own workspace, so tests sharing a store never see each other's. */
function reviewOf(): { teamId: string; reviewId: string; item: (over?: Partial<PlanItem>) => Omit<PlanItem, 'id'> } {
  const teamId = `T0PLAN${Math.random().toString(36).slice(2, 8)}`;
  const reviewId = new Types.ObjectId().toHexString();
  return {
    teamId,
    reviewId,
    item: (over = {}) => ({
      teamId,
      reviewId,
      pilotId: 'P1',
      round: 1,
      signal: 'governance',
      action: 'Measure the baseline',
      ownerId: 'U0OWNER',
      dueDate: '2026-12-01',
      ...over,
    }),
  };
}

/** What every plan-item store does (PlanItemStore and its sweeps), run against PlanItemRepo on the test database. */
export function describePlanItemStoreContract(name: string, make: () => Promise<PlanItemStore & PlanItemSweeps>): void {
  describe(`PlanItemStore contract: ${name}`, () => {
    it('addPlanItems gives ids; planItems lists the review earliest due first; planItem finds one in its workspace', async () => {
      const store = await make();
      const r = reviewOf();
      const [late, early] = await store.addPlanItems([
        r.item({ dueDate: '2026-12-20' }),
        r.item({ dueDate: '2026-12-01' }),
      ]);
      expect(late?.id).toMatch(/^[a-f0-9]{24}$/);
      expect((await store.planItems(r.teamId, r.reviewId)).map((i) => i.id)).toEqual([early?.id, late?.id]);
      expect(await store.planItem(r.teamId, String(early?.id))).toMatchObject({
        dueDate: '2026-12-01',
        action: 'Measure the baseline',
      });
      expect(await store.planItem('T0OTHER', String(early?.id))).toBeNull();
    });

    it('putPlanItems stores items under their ids once; a second put changes nothing', async () => {
      const store = await make();
      const r = reviewOf();
      const id = new Types.ObjectId().toHexString();
      await store.putPlanItems([{ ...r.item(), id }]);
      await store.putPlanItems([{ ...r.item({ action: 'Changed' }), id }]);
      expect(await store.planItems(r.teamId, r.reviewId)).toEqual([
        expect.objectContaining({ id, action: 'Measure the baseline' }),
      ]);
    });

    it('markPlanItemDone marks once, with its audit and round-check markers, which clear', async () => {
      const store = await make();
      const r = reviewOf();
      const [item] = await store.addPlanItems([r.item()]);
      const id = String(item?.id);
      const done = await store.markPlanItemDone(r.teamId, id, 'U0OWNER', T0);
      expect(done).toMatchObject({ doneAt: T0, doneBy: 'U0OWNER', doneAuditPending: true, roundCheckAt: T0 });
      expect(await store.markPlanItemDone(r.teamId, id, 'U0OTHER', T0)).toBeNull();
      const later = new Date(T0.getTime() + 1);
      expect(await store.doneUnchecked(later)).toContainEqual({ id, teamId: r.teamId, reviewId: r.reviewId });
      expect(await store.claimRoundCheck(r.teamId, id, later, later)).toBe(true);
      expect(await store.claimRoundCheck(r.teamId, id, later, later)).toBe(false);
      await store.planItemAudited(r.teamId, id);
      await store.roundChecked(r.teamId, id);
      const after = await store.planItem(r.teamId, id);
      expect(after?.doneAuditPending).toBeUndefined();
      expect(after?.roundCheckAt).toBeUndefined();
    });

    it('the sweeps read open items only: by owner, owners of a review, due by a date, streamed per workspace', async () => {
      const store = await make();
      const r = reviewOf();
      const [open, , other] = await store.addPlanItems([
        r.item({ dueDate: '2026-12-02', pilotId: 'P1' }),
        r.item({ dueDate: '2026-12-01', pilotId: 'P1' }),
        r.item({ dueDate: '2026-12-09', pilotId: 'P2', ownerId: 'U0SECOND' }),
      ]);
      const [doneOne] = await store.planItems(r.teamId, r.reviewId);
      await store.markPlanItemDone(r.teamId, String(doneOne?.id), 'U0OWNER', T0);
      expect((await store.openOfOwner(r.teamId, 'U0OWNER')).map((i) => i.id)).toEqual([open?.id]);
      expect((await store.ownersOf(r.teamId, r.reviewId)).sort()).toEqual(['U0OWNER', 'U0SECOND']);
      const due = (await store.openDueBy('2026-12-05')).filter((i) => i.teamId === r.teamId);
      expect(due).toEqual([
        {
          id: open?.id,
          teamId: r.teamId,
          pilotId: 'P1',
          signal: 'governance',
          action: 'Measure the baseline',
          ownerId: 'U0OWNER',
          dueDate: '2026-12-02',
        },
      ]);
      const streamed = [];
      for await (const i of store.streamOpenRows(r.teamId)) streamed.push(i);
      expect(streamed.map((i) => i.dueDate)).toEqual(['2026-12-02', '2026-12-09']);
      const dates = [];
      for await (const i of store.streamOpenDueDates(r.teamId)) dates.push(i);
      expect(dates.sort((a, b) => a.dueDate.localeCompare(b.dueDate))).toEqual([
        { pilotId: 'P1', dueDate: '2026-12-02' },
        { pilotId: 'P2', dueDate: '2026-12-09' },
      ]);
      expect(await store.openDueDatesOfReviews(r.teamId, ['0123456789abcdef01234567'])).toEqual([]);
      expect((await store.openDueDatesOfReviews(r.teamId, [r.reviewId])).length).toBe(2);
      expect(other?.ownerId).toBe('U0SECOND');
    });
  });
}
