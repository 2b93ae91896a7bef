import mongoose from 'mongoose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { serviceWorld } from '../../support/service-world.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const w = serviceWorld('T0INT');
const TEAM = w.team;
const { clock, notifier, draft } = w;
const { pilots, reviews, audit } = w.repos;
const { decisions, gapClosure } = w.services;

/** A review where every role answered; governance and user adoption are conditional. */
async function conditionalReview(name: string) {
  const { pilot, reviewId } = await w.openPilot(name);
  return { pilot, review: await w.answerAllStored(reviewId, w.CONDITIONAL) };
}

beforeAll(async () => {
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});

describe('gap closure through the services, against the real database', () => {
  it('opens exactly one re-review round when the last two items are marked done at the same time', async () => {
    const { review } = await conditionalReview('Race pilot');
    expect(review.outcome).toBe('continue_pre_production');
    const recorded = await decisions.record({
      teamId: TEAM,
      reviewId: review.id,
      round: 1,
      userId: 'U1',
      draft: draft(),
      planSignals: ['governance', 'user_adoption'],
      today: '2026-11-25',
    });
    expect(recorded.pilot.stage).toBe('pre_production');
    expect(recorded.planItems).toHaveLength(2);
    const invitesBefore = notifier.dms.filter((d) => /^Re-review/.test(d.msg.text)).length;

    const results = await Promise.all(
      recorded.planItems.map(async (item) => {
        const done = await gapClosure.markDone(TEAM, item.id, item.ownerId);
        return gapClosure.afterDone(done, item.ownerId);
      }),
    );
    // Each click reads the plan after its own write, so the last one always sees it complete;
    // if both do, startRound's compare-and-set lets only one open round 2.
    expect(results.filter(Boolean)).toHaveLength(1);
    const final = await reviews.byId(TEAM, review.id);
    expect(final?.round).toBe(2);
    expect(final?.rounds[1]?.requiredRoles).toEqual([
      'operational_lead',
      'technology_lead',
      'governance_lead',
      'change_lead',
    ]);
    expect(final?.outcome).toBe('collecting');
    expect((await pilots.byId(TEAM, review.pilotId))?.stage).toBe('in_review');
    const events = (await audit.forReview(TEAM, review.id)).filter((e) => e.type === 'round.started');
    expect(events).toHaveLength(1);
    const invites = notifier.dms.filter((d) => /^Re-review/.test(d.msg.text)).slice(invitesBefore);
    expect(invites.map((d) => d.userId).sort()).toEqual(['U2', 'U3', 'U4', 'U5']);
  });

  it('marking done is idempotent, limited to owner, sponsor or gate admin, and scoped by workspace', async () => {
    const { review } = await conditionalReview('Rights pilot');
    const { planItems } = await decisions.record({
      teamId: TEAM,
      reviewId: review.id,
      round: 1,
      userId: 'UADMIN',
      draft: draft(),
      planSignals: ['governance', 'user_adoption'],
      today: '2026-11-25',
    });
    const [first] = planItems;
    await expect(gapClosure.markDone(TEAM, first!.id, 'U5')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(gapClosure.markDone('T0OTHER', first!.id, 'UA')).rejects.toMatchObject({ code: 'not_found' });
    expect((await gapClosure.markDone(TEAM, first!.id, 'U1')).alreadyDone).toBe(false);
    const again = await gapClosure.markDone(TEAM, first!.id, 'UADMIN');
    expect(again).toMatchObject({ alreadyDone: true, item: { doneBy: 'U1' } });
    expect((await audit.forReview(TEAM, review.id)).filter((e) => e.type === 'plan_item.done')).toHaveLength(1);
    expect(await gapClosure.afterDone(again, 'UADMIN')).toBe(false);
    expect((await reviews.byId(TEAM, review.id))?.round).toBe(1);
  });

  it('refuses a form opened for an earlier round, and another workspace', async () => {
    const { review } = await conditionalReview('Stale pilot');
    await reviews.startRound(TEAM, review.id, 1, ['governance_lead'], 'test', clock.now());
    const stale = decisions.record({
      teamId: TEAM,
      reviewId: review.id,
      round: 1,
      userId: 'U1',
      draft: draft({ decision: 'pause', reason: 'x' }),
      planSignals: [],
      today: '2026-11-25',
    });
    await expect(stale).rejects.toMatchObject({
      code: 'conflict',
      fieldErrors: { 'decision.choice': expect.stringContaining('moved on to round 2') },
    });
    await expect(decisions.prepare('T0OTHER', review.id, 'U1')).rejects.toMatchObject({ code: 'not_found' });
    await expect(decisions.prepare(TEAM, review.id, 'U3')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a second submission of a terminate, after the first moved the stage, hears the decision is recorded', async () => {
    const { review } = await conditionalReview('Terminated twice');
    const terminate = { decision: 'terminate' as const, reason: 'No budget', planItems: [] };
    expect((await w.decide(review.id, terminate)).pilot.stage).toBe('terminated');
    await expect(w.decide(review.id, terminate)).rejects.toMatchObject({
      code: 'conflict',
      fieldErrors: { 'decision.choice': expect.stringContaining('already recorded') },
    });
  });

  it('a second terminate whose review was read before the first was recorded still hears it is recorded', async () => {
    const { review } = await conditionalReview('Terminated, read stale');
    const terminate = { decision: 'terminate' as const, reason: 'No budget', planItems: [] };
    // The second request read the review before the first recorded its decision, and the pilot after
    // the first moved the stage: the two reads disagree.
    const before = await w.repos.reviews.byId(TEAM, review.id);
    expect((await w.decide(review.id, terminate)).pilot.stage).toBe('terminated');
    // Both reads before the service's own (the test's, for the round; the service's load) see the old review.
    const stale = vi.spyOn(w.repos.reviews, 'byId').mockResolvedValueOnce(before).mockResolvedValueOnce(before);
    try {
      await expect(w.decide(review.id, terminate)).rejects.toMatchObject({
        code: 'conflict',
        fieldErrors: { 'decision.choice': expect.stringContaining('already recorded') },
      });
    } finally {
      stale.mockRestore();
    }
  });
});
