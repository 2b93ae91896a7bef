/**
 * A decision reads the pilot's stage, saves, then moves the stage (a compare-and-set on the stage it
 * read). When another stage change lands in between, the lifecycle decides: a pause or terminate still
 * stops the pilot from wherever it now is; any other move loses to the change that landed, and the
 * decision record (and the card) say the pilot stayed where it is.
 */
import mongoose from 'mongoose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../../src/features/audit/audit.domain.js';
import { reviewCard } from '../../../src/features/reviews/review-card.views.js';
import { serviceWorld } from '../../support/service-world.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
const w = serviceWorld('T0RACE');
const { pilots, reviews, audit } = w.repos;

beforeAll(async () => {
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});
afterEach(() => vi.restoreAllMocks());

/** Just before the decision's own stage move, `land` changes the pilot's stage as another flow would. */
function changeLandsFirst(land: (pilotId: string) => Promise<unknown>) {
  const original = pilots.setStage.bind(pilots);
  let landed = false;
  vi.spyOn(pilots, 'setStage').mockImplementation(async (teamId, id, from, to, extra) => {
    if (!landed) {
      landed = true;
      await land(id);
    }
    return original(teamId, id, from, to, extra);
  });
}

const stageMoves = async (reviewId: string) =>
  (await audit.forReview(w.team, reviewId))
    .filter((e) => e.type === 'stage.changed')
    .map((e) => `${e.before}→${e.after}`);

describe('the stage changes between a decision’s read and its stage move', () => {
  it('a pause still pauses the pilot when its re-review round moved it back to in review meanwhile', async () => {
    const { pilot, reviewId } = await w.openPilot('Paused while re-reviewed');
    await w.answerAllStored(reviewId, w.CONDITIONAL);
    await w.decide(reviewId, {});
    expect((await pilots.byId(w.team, pilot.id))?.stage).toBe('pre_production');
    changeLandsFirst((id) => pilots.setStage(w.team, id, 'pre_production', 'in_review'));
    await w.decide(reviewId, { decision: 'pause', reason: 'Budget freeze', planItems: [] });
    expect((await pilots.byId(w.team, pilot.id))?.stage).toBe('paused');
    expect(await stageMoves(reviewId)).toEqual([
      'registered→in_review',
      'in_review→pre_production',
      'in_review→paused',
    ]);
    expect((await reviews.byId(w.team, reviewId))?.decisions.at(-1)?.stageKept).toBeUndefined();
    expect(verifyChain(await audit.forReview(w.team, reviewId)).ok).toBe(true);
  });

  it('a proceed loses to a terminate that landed first: the record and the card say the pilot stayed terminated', async () => {
    const { pilot, reviewId } = await w.openPilot('Terminated while proceeding');
    await w.answerAllStored(reviewId);
    changeLandsFirst((id) => pilots.setStage(w.team, id, 'in_review', 'terminated'));
    const outcome = await w.decide(reviewId, { decision: 'proceed', planItems: [], monitoring: w.GOOD_MONITORING });
    const after = await pilots.byId(w.team, pilot.id);
    expect(after?.stage).toBe('terminated');
    expect(outcome.pilot.stage).toBe('terminated');
    const review = (await reviews.byId(w.team, reviewId))!;
    expect(review.decisionFollowUp).toBeUndefined();
    expect(review.decisions.at(-1)).toMatchObject({ decision: 'proceed', stageKept: 'terminated' });
    expect(await stageMoves(reviewId)).toEqual(['registered→in_review']);
    const card = reviewCard(after!, review);
    expect(card.text).not.toMatch(/Production/);
    expect(JSON.stringify(card.blocks)).toContain('the pilot stayed Terminated');
  });

  it('a pause that lands as the re-review round opens: the pilot stays paused and nobody is invited', async () => {
    const name = 'Paused as the round opens';
    const { pilot, reviewId } = await w.openPilot(name);
    await w.answerAllStored(reviewId, w.CONDITIONAL);
    const { planItems } = await w.decide(reviewId, {});
    const [first, last] = planItems;
    await w.services.gapClosure.markDone(w.team, first!.id, first!.ownerId);
    changeLandsFirst((id) => pilots.setStage(w.team, id, 'pre_production', 'paused'));
    const done = await w.services.gapClosure.markDone(w.team, last!.id, last!.ownerId);
    await w.services.gapClosure.afterDone(done, last!.ownerId);
    expect((await pilots.byId(w.team, pilot.id))?.stage).toBe('paused');
    const invites = w.notifier.dms.filter((d) => d.msg.text.startsWith('Re-review of') && d.msg.text.includes(name));
    expect(invites).toEqual([]);
    expect((await reviews.byId(w.team, reviewId))?.roundFollowUp).toBeUndefined();
  });
});
