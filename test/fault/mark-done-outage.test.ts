/**
 * Fault suite: the database stops right after a plan item's *Mark done* is saved. The listener's later
 * steps (the re-review round, refreshing the message or modal) fail; the person must still be told
 * the truth: the item is saved as done, and what is still pending.
 */
import mongoose from 'mongoose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPAIR_GRACE_MS } from '../../src/features/reviews/review-repair.domain.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { databaseStopsAfter, type Outage } from '../support/db-outage.js';
import { answerAll } from '../support/flows/answer.js';
import { cardRef, choose, newReview, oid, openDecision, openedWith, submitDecision } from '../support/flows/decide.js';

const h = useApp({ env: { JOBS: 'off' }, now: new Date('2026-11-25T12:00:00Z') });
const planItems = () => mongoose.connection.collection('plan_items');
const FIXER = 'U0FIXER';

let outage: Outage | undefined;
afterEach(() => {
  outage?.restart();
  outage = undefined;
  vi.restoreAllMocks();
});

/** A gap-closure decision with one plan item owned by FIXER; returns the item's id. */
async function oneItemPlan(name: string): Promise<{ reviewId: string; itemId: string }> {
  const reviewId = await newReview(h, name);
  await answerAll(h, reviewId, { governance_lead: 'conditional' });
  const gap = await choose(h, await openDecision(h, reviewId), 'gap_closure');
  const ack = await submitDecision(h, gap, {
    decision: 'gap_closure',
    plan: { governance: { action: 'Test drift alerts', owner: FIXER, due: '2026-12-15' } },
  });
  expect(ack.text).toBe('');
  const item = await eventually(() => planItems().findOne({ reviewId }));
  return { reviewId, itemId: String(item._id) };
}

/** The database stops as soon as markDone's own writes are done (before the round and the refresh). */
function stopDatabaseAfterMarkDone() {
  const service = h.server.deps.services.gapClosure;
  const original = service.markDone.bind(service);
  vi.spyOn(service, 'markDone').mockImplementation(async (...args) => {
    const result = await original(...args);
    outage = databaseStopsAfter(0);
    return result;
  });
}

describe('Mark done saved, then the database stops', () => {
  it('tells the owner the item is saved as done and the re-review is still to open, never "nothing was saved"', async () => {
    const { reviewId, itemId } = await oneItemPlan('Outage after mark done');
    stopDatabaseAfterMarkDone();
    const click = await h.slack.blockAction({
      userId: FIXER,
      actionId: Ids.plan.markDone,
      value: itemId,
      channelId: h.sim.dmChannelId([FIXER]),
      messageTs: '1700000000.000200',
    });
    const reply = await eventually(() => h.sim.responses.find((r) => r.url === click.responseUrl));
    outage?.restart();
    const text = String(reply.body.text);
    expect(text).not.toMatch(/nothing was saved|nothing was changed/i);
    expect(text).toContain('“Test drift alerts” (Governance and compliance tested) is done');
    expect(text).toMatch(/re-review/i);
    expect((await planItems().findOne({ _id: new mongoose.Types.ObjectId(itemId) }))?.doneBy).toBe(FIXER);

    // Nobody clicks again: the repair job opens the re-review round, as the owner was told.
    h.clock.advance(REPAIR_GRACE_MS + 1_000);
    await h.server.jobs.runNow('reviews.repair');
    const review = await mongoose.connection.collection('reviews').findOne({ _id: oid(reviewId) });
    expect(review?.round).toBe(2);
  });

  it('from the plan modal (no response_url): the owner gets a DM saying the item is saved', async () => {
    const { itemId, reviewId } = await oneItemPlan('Outage after mark done in the modal');
    const card = await cardRef(reviewId);
    const open = await h.slack.blockAction({
      userId: FIXER,
      actionId: Ids.plan.openButton,
      value: reviewId,
      channelId: card.channel,
      messageTs: card.ts,
    });
    const modal = await openedWith(h, open.triggerId);
    stopDatabaseAfterMarkDone();
    await h.slack.blockAction({ userId: FIXER, actionId: Ids.plan.markDone, value: itemId, view: modal });
    const dm = await eventually(() => h.sim.dmsTo(FIXER).find((m) => m.text.includes('is done')));
    outage?.restart();
    expect(dm.text).not.toMatch(/nothing was saved|nothing was changed/i);
    expect(dm.text).toContain('“Test drift alerts” (Governance and compliance tested) is done');
  });
});
