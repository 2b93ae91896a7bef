/**
 * One pilot lifecycle (pilot-lifecycle.domain.ts) enforced by every service, against the real database: a paused or terminated
 * pilot never opens a re-review round, a decision the machine forbids is refused before anything is
 * written, and an answer racing the decision is refused by the answer write itself.
 */
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCKED_MESSAGE } from '../../../src/features/questionnaires/questionnaire.service.js';
import { PEOPLE, serviceWorld } from '../../support/service-world.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
const w = serviceWorld('T0LIFE');
const { pilots, reviews, audit } = w.repos;

beforeAll(async () => {
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});

const reInvites = () => w.notifier.dms.filter((d) => /^Re-review/.test(d.msg.text)).length;

/** Gap closure decided, then `later` (pause or terminate), then every plan item marked done. */
async function planDoneAfter(name: string, later: 'pause' | 'terminate') {
  const { pilot, reviewId } = await w.openPilot(name);
  await w.answerAllStored(reviewId, w.CONDITIONAL);
  const { planItems } = await w.decide(reviewId, {});
  await w.decide(reviewId, { decision: later, reason: 'Budget frozen', planItems: [] });
  const invitesBefore = reInvites();
  const started: boolean[] = [];
  for (const item of planItems) {
    const done = await w.services.gapClosure.markDone(w.team, item.id, item.ownerId);
    started.push(await w.services.gapClosure.afterDone(done, item.ownerId));
  }
  return { pilot, reviewId, started, invitesAfter: reInvites() - invitesBefore };
}

describe('lifecycle: every service asks the stage machine', () => {
  it('a paused pilot does not open round 2 or send invites when its plan items are marked done', async () => {
    const { pilot, reviewId, started, invitesAfter } = await planDoneAfter('Paused plan', 'pause');
    expect(started).toEqual([false, false]);
    expect((await reviews.byId(w.team, reviewId))?.round).toBe(1);
    expect(invitesAfter).toBe(0);
    expect((await pilots.byId(w.team, pilot.id))?.stage).toBe('paused');
  });

  it('a terminated pilot gets no re-review invites', async () => {
    const { reviewId, started, invitesAfter } = await planDoneAfter('Terminated plan', 'terminate');
    expect(started).toEqual([false, false]);
    expect(invitesAfter).toBe(0);
    const events = await audit.forReview(w.team, reviewId);
    expect(events.filter((e) => e.type === 'round.started')).toHaveLength(0);
  });

  it('refuses proceed on a paused pilot before writing anything (the card never says Proceed)', async () => {
    const { pilot, reviewId } = await w.openPilot('Paused then proceed');
    await w.answerAllStored(reviewId, w.CONDITIONAL);
    await w.decide(reviewId, {});
    await w.decide(reviewId, { decision: 'pause', reason: 'Wait', planItems: [] });
    // A round opened behind the machine's back (say, by an older version of the app).
    await reviews.startRound(w.team, reviewId, 1, ['governance_lead'], 'test', w.clock.now());
    await w.answerAllStored(reviewId);
    const attempt = w.decide(reviewId, { decision: 'proceed', planItems: [], monitoring: w.GOOD_MONITORING });
    await expect(attempt).rejects.toMatchObject({
      code: 'not_allowed_now',
      fieldErrors: { 'decision.choice': expect.stringMatching(/is paused; it can only be terminated/) },
    });
    const review = await reviews.byId(w.team, reviewId);
    expect(review?.decisions.map((d) => d.decision)).toEqual(['gap_closure', 'pause']);
    expect((await pilots.byId(w.team, pilot.id))?.stage).toBe('paused');
  });

  it('refuses an answer whose write comes after the decision, though it read the review before it', async () => {
    const { reviewId } = await w.openPilot('Answer races decision');
    await w.answerAllStored(reviewId, w.CONDITIONAL);
    const role = 'technology_lead';
    const answers = w.answersOf(role, { data_assessment: 'conditional' });
    // The decision lands between the answer's read of the review and its write.
    const realSave = reviews.saveAnswer.bind(reviews);
    const spy = vi.spyOn(reviews, 'saveAnswer').mockImplementationOnce(async (...args) => {
      await w.decide(reviewId, {});
      return realSave(...args);
    });
    const submit = w.services.questionnaires.submit({
      teamId: w.team,
      reviewId,
      role,
      userId: PEOPLE[role],
      answers,
    });
    await expect(submit).rejects.toMatchObject({ code: 'not_allowed_now', message: LOCKED_MESSAGE });
    spy.mockRestore();
    const stored = await reviews.answerFor(w.team, reviewId, 1, role);
    expect(stored).not.toMatchObject({ data_assessment: 'conditional' });
    const events = await audit.forReview(w.team, reviewId);
    expect(events.filter((e) => e.type === 'answer.submitted')).toHaveLength(0);
  });
});
