/**
 * Fault suite: the database stops at every step boundary of a flow (after 0, 1, 2 … operations),
 * then comes back. Each flow writes once with a follow-up marker (no transactions), so afterwards,
 * once the repair job ran, the state is complete (or untouched), the audit chain verifies, and the
 * person was told the truth: the call resolved exactly when the flow's one write was saved.
 */
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/features/audit/audit.domain.js';
import { REPAIR_GRACE_MS } from '../../src/features/reviews/review-repair.domain.js';
import { databaseStopsAfter } from '../support/db-outage.js';
import { serviceWorld } from '../support/service-world.js';
import { useTestDatabase } from '../support/test-db.js';

useTestDatabase();
const w = serviceWorld('T0STEPS');
const { pilots, reviews, audit } = w.repos;
const col = (name: string) => mongoose.connection.collection(name);

beforeAll(async () => {
  // The repair job compares the clock with documents' own timestamps (createdAt): run on today's time.
  w.clock.set(new Date());
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});

/** Runs `flow` with the database stopping after `n` operations; true when it resolved (told "saved"). */
async function withOutageAfter(n: number, flow: () => Promise<unknown>) {
  const outage = databaseStopsAfter(n);
  const saved = await flow().then(
    () => true,
    () => false,
  );
  outage.restart();
  return { saved, reachedEnd: outage.attempted() <= n };
}

/** The database is back: the repair job runs after its grace period, twice (it must not repeat work). */
async function repairAfterRestart() {
  w.clock.advance(REPAIR_GRACE_MS + 1_000);
  await w.services.reviewRepair.repair();
  await w.services.reviewRepair.repair();
}

const eventsOf = async (reviewId: string) => audit.forReview(w.team, reviewId);
const countOf = (events: { type: string }[], type: string) => events.filter((e) => e.type === type).length;

describe('fault: the database stops at each step boundary, then restarts', () => {
  it('a gap-closure decision is all there (plan items, stage, audit) or not there at all', async () => {
    for (let n = 0; ; n++) {
      const { pilot, reviewId } = await w.openPilot(`Gap decision ${n}`);
      await w.answerAllStored(reviewId, w.CONDITIONAL);
      const { saved, reachedEnd } = await withOutageAfter(n, () => w.decide(reviewId, {}));
      await repairAfterRestart();
      const review = await reviews.byId(w.team, reviewId);
      const events = await eventsOf(reviewId);
      expect(verifyChain(events).ok, `step ${n}`).toBe(true);
      expect(review?.decisionCount, `step ${n}: told ${saved ? 'saved' : 'not saved'}`).toBe(saved ? 1 : 0);
      expect(review?.decisionFollowUp, `step ${n}`).toBeUndefined();
      expect(await reviews.planItems(w.team, reviewId), `step ${n}`).toHaveLength(saved ? 2 : 0);
      expect((await pilots.byId(w.team, pilot.id))?.stage, `step ${n}`).toBe(saved ? 'pre_production' : 'in_review');
      expect(countOf(events, 'decision.recorded'), `step ${n}`).toBe(saved ? 1 : 0);
      expect(countOf(events, 'plan_item.added'), `step ${n}`).toBe(saved ? 2 : 0);
      expect(
        events.filter((e) => e.type === 'stage.changed').map((e) => `${e.before}→${e.after}`),
        `step ${n}`,
      ).toEqual(saved ? ['registered→in_review', 'in_review→pre_production'] : ['registered→in_review']);
      if (reachedEnd) break;
    }
  }, 120_000);

  it('proceed moves the pilot to production with its monitoring plan, or nothing is saved', async () => {
    for (let n = 0; ; n++) {
      const { pilot, reviewId } = await w.openPilot(`Proceed ${n}`);
      await w.answerAllStored(reviewId);
      const decide = () => w.decide(reviewId, { decision: 'proceed', planItems: [], monitoring: w.GOOD_MONITORING });
      const { saved, reachedEnd } = await withOutageAfter(n, decide);
      await repairAfterRestart();
      const events = await eventsOf(reviewId);
      const after = await pilots.byId(w.team, pilot.id);
      expect(verifyChain(events).ok, `step ${n}`).toBe(true);
      expect((await reviews.byId(w.team, reviewId))?.decisionCount, `step ${n}`).toBe(saved ? 1 : 0);
      expect(after?.stage, `step ${n}`).toBe(saved ? 'production' : 'in_review');
      expect(Boolean(after?.monitoringPlan), `step ${n}`).toBe(saved);
      expect(countOf(events, 'monitoring_plan.captured'), `step ${n}`).toBe(saved ? 1 : 0);
      if (reachedEnd) break;
    }
  }, 120_000);

  it('opening a review: the pilot ends in review with its registration and role events, once', async () => {
    for (let n = 0; ; n++) {
      const name = `Opened ${n}`;
      const pilot = await w.createPilot(name);
      const { reachedEnd } = await withOutageAfter(n, () => w.services.reviews.open(pilot, 'U1'));
      await repairAfterRestart();
      const review = await reviews.byPilot(w.team, pilot.id);
      const events = await eventsOf(review!.id);
      expect(verifyChain(events).ok, `step ${n}`).toBe(true);
      expect((await pilots.byId(w.team, pilot.id))?.stage, `step ${n}`).toBe('in_review');
      expect(review?.openFollowUp, `step ${n}`).toBeUndefined();
      expect(review?.card?.ts, `step ${n}`).toBeTruthy();
      expect(countOf(events, 'pilot.registered'), `step ${n}`).toBe(1);
      expect(countOf(events, 'role.assigned'), `step ${n}`).toBe(5);
      expect(countOf(events, 'stage.changed'), `step ${n}`).toBe(1);
      // Every stakeholder is asked exactly once, whichever step the database stopped at.
      const invited = w.notifier.dms
        .filter((d) => d.msg.text.startsWith('Answer your gate review questions') && d.msg.text.endsWith(` · ${name}`))
        .map((d) => d.userId)
        .sort();
      expect(invited, `step ${n}: one invite per stakeholder`).toEqual(
        [...new Set(Object.values(pilot.stakeholders))].sort(),
      );
      if (reachedEnd) break;
    }
  }, 120_000);

  it('the last plan item done: round 2 opens once (a second click or the repair job finishes it)', async () => {
    for (let n = 0; ; n++) {
      const { pilot, reviewId } = await w.openPilot(`Round ${n}`);
      await w.answerAllStored(reviewId, w.CONDITIONAL);
      const { planItems } = await w.decide(reviewId, {});
      const [first, last] = planItems;
      await w.services.gapClosure.markDone(w.team, first!.id, first!.ownerId);
      const click = async () => {
        const done = await w.services.gapClosure.markDone(w.team, last!.id, last!.ownerId);
        return w.services.gapClosure.afterDone(done, last!.ownerId);
      };
      const { reachedEnd } = await withOutageAfter(n, click);
      await repairAfterRestart();
      // Whatever the repair job could not know about (the outage came before the round's write), the
      // owner's second click finishes; it must not open a second round.
      await click();
      const events = await eventsOf(reviewId);
      expect(verifyChain(events).ok, `step ${n}`).toBe(true);
      expect((await reviews.byId(w.team, reviewId))?.round, `step ${n}`).toBe(2);
      expect((await reviews.byId(w.team, reviewId))?.roundFollowUp, `step ${n}`).toBeUndefined();
      expect((await pilots.byId(w.team, pilot.id))?.stage, `step ${n}`).toBe('in_review');
      expect(countOf(events, 'round.started'), `step ${n}`).toBe(1);
      expect(countOf(events, 'plan_item.done'), `step ${n}`).toBe(2);
      expect(await col('plan_items').countDocuments({ reviewId, doneAt: { $ne: null } })).toBe(2);
      if (reachedEnd) break;
    }
  }, 180_000);

  it('the last plan item done and nobody clicks again: the repair job opens round 2 once', async () => {
    for (let n = 0; ; n++) {
      const { pilot, reviewId } = await w.openPilot(`Round unattended ${n}`);
      await w.answerAllStored(reviewId, w.CONDITIONAL);
      const { planItems } = await w.decide(reviewId, {});
      const [first, last] = planItems;
      await w.services.gapClosure.markDone(w.team, first!.id, first!.ownerId);
      const click = async () => {
        const done = await w.services.gapClosure.markDone(w.team, last!.id, last!.ownerId);
        return w.services.gapClosure.afterDone(done, last!.ownerId);
      };
      const { reachedEnd } = await withOutageAfter(n, click);
      await repairAfterRestart();
      const saved = Boolean((await reviews.planItem(w.team, last!.id))?.doneAt);
      const events = await eventsOf(reviewId);
      const review = await reviews.byId(w.team, reviewId);
      expect(verifyChain(events).ok, `step ${n}`).toBe(true);
      expect(review?.round, `step ${n}: last item ${saved ? 'saved' : 'not saved'}`).toBe(saved ? 2 : 1);
      expect(review?.roundFollowUp, `step ${n}`).toBeUndefined();
      expect((await pilots.byId(w.team, pilot.id))?.stage, `step ${n}`).toBe(saved ? 'in_review' : 'pre_production');
      expect(countOf(events, 'round.started'), `step ${n}`).toBe(saved ? 1 : 0);
      expect(countOf(events, 'plan_item.done'), `step ${n}`).toBe(saved ? 2 : 1);
      if (reachedEnd) break;
    }
  }, 180_000);

  it('re-review invites go out once per round and person, whatever step the database stopped at', async () => {
    for (let n = 0; ; n++) {
      const name = `Invited once ${n}`;
      const { reviewId } = await w.openPilot(name);
      await w.answerAllStored(reviewId, w.CONDITIONAL);
      const { planItems } = await w.decide(reviewId, {});
      for (const item of planItems.slice(0, -1)) await w.services.gapClosure.markDone(w.team, item.id, item.ownerId);
      const last = planItems.at(-1)!;
      const click = async () => {
        const done = await w.services.gapClosure.markDone(w.team, last.id, last.ownerId);
        return w.services.gapClosure.afterDone(done, last.ownerId);
      };
      const { reachedEnd } = await withOutageAfter(n, click);
      await repairAfterRestart();
      await click();
      const invited = w.notifier.dms
        .filter((d) => d.msg.text.startsWith('Re-review of') && d.msg.text.includes(name))
        .map((d) => d.userId)
        .sort();
      expect((await reviews.byId(w.team, reviewId))?.round, `step ${n}`).toBe(2);
      expect(invited.length, `step ${n}`).toBeGreaterThan(0);
      expect(invited, `step ${n}: one invite per person`).toEqual([...new Set(invited)]);
      if (reachedEnd) break;
    }
  }, 180_000);
});
