import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll, answerAs } from '../support/flows/answer.js';
import {
  blockIds,
  CHANNEL,
  cardRef,
  choose,
  GOOD_MONITORING,
  newReview,
  offered,
  oid,
  openDecision,
  openedWith,
  submitDecision,
} from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const reviews = () => mongoose.connection.collection('reviews');
const pilots = () => mongoose.connection.collection('pilots');
const planItems = () => mongoose.connection.collection('plan_items');

const FIXER = 'U0FIXER';

const reviewDoc = (reviewId: string) => reviews().findOne({ _id: oid(reviewId) });
const stageOf = async (reviewId: string) =>
  (await pilots().findOne({ _id: oid(String((await reviewDoc(reviewId))?.pilotId)) }))?.stage;

/** Buttons with `actionId` in a message's blocks (section accessories and actions elements). */
function buttonsIn(blocks: unknown, actionId: string): { value: string }[] {
  const found: { value: string }[] = [];
  for (const b of (blocks ?? []) as { accessory?: { action_id?: string; value?: string }; elements?: unknown[] }[]) {
    if (b.accessory?.action_id === actionId) found.push({ value: String(b.accessory.value) });
    for (const e of (b.elements ?? []) as { action_id?: string; value?: string }[]) {
      if (e.action_id === actionId) found.push({ value: String(e.value) });
    }
  }
  return found;
}

describe('one conditional signal → gap closure → re-review → proceed', () => {
  let reviewId = '';

  /** does not offer proceed, and a plan-less gap closure gets inline errors on the exact fields */
  const step1 = async () => {
    reviewId = await newReview(h, 'Contract review bot');
    await answerAll(h, reviewId, { governance_lead: 'conditional' });
    const review = await reviewDoc(reviewId);
    expect(review?.outcome).toBe('continue_pre_production');
    const modal = await openDecision(h, reviewId);
    expect(offered(modal)).toEqual(['gap_closure', 'pause', 'terminate']);
    const gap = await choose(h, modal, 'gap_closure');
    expect(blockIds(gap)).toEqual(
      expect.arrayContaining(['plan.governance.action', 'plan.governance.owner', 'plan.governance.due']),
    );
    expect(blockIds(gap).filter((id) => id.startsWith('plan.'))).toHaveLength(4);
    const empty = await submitDecision(h, gap, { decision: 'gap_closure' });
    expect(empty.json).toEqual({
      response_action: 'errors',
      errors: {
        'plan.governance.action': 'Describe the action.',
        'plan.governance.owner': 'Name an owner.',
        'plan.governance.due': 'Pick a due date.',
      },
    });
    const past = await submitDecision(h, gap, {
      decision: 'gap_closure',
      plan: { governance: { action: 'Test drift alerts', owner: FIXER, due: '2026-11-01', investment: 'lots' } },
    });
    expect(past.json).toEqual({
      response_action: 'errors',
      errors: {
        'plan.governance.due': 'The due date is in the past.',
        'plan.governance.investment': 'Enter an amount of 0 or more.',
      },
    });
    expect((await reviewDoc(reviewId))?.decisions).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  };

  /** records the plan: stage pre_production, the owner gets a DM with Mark done, the card a Plan button */
  const step2 = async () => {
    const modal = await openDecision(h, reviewId);
    const gap = await choose(h, modal, 'gap_closure');
    const ack = await submitDecision(h, gap, {
      decision: 'gap_closure',
      plan: {
        governance: { action: 'Test drift alerts end to end', owner: FIXER, due: '2026-12-15', investment: '25000' },
      },
    });
    expect(ack.text).toBe('');
    await eventually(async () => (await stageOf(reviewId)) === 'pre_production');
    const items = await planItems().find({ reviewId }).toArray();
    expect(items).toMatchObject([
      { signal: 'governance', ownerId: FIXER, dueDate: '2026-12-15', investment: 25000, round: 1 },
    ]);
    const dm = await eventually(() => h.sim.dmsTo(FIXER).at(-1));
    expect(dm.text).toMatch(/You own 1 open gap-closure item for Contract review bot/);
    expect(buttonsIn(dm.blocks, Ids.plan.markDone)).toEqual([{ value: String(items[0]?._id) }]);
    const card = await cardRef(reviewId);
    await eventually(() => buttonsIn(h.sim.findMessage(card.channel, card.ts)?.blocks, Ids.plan.openButton).length);
    const message = await eventually(() =>
      (h.sim.messages.get(CHANNEL) ?? []).find((m) => m.thread_ts === card.ts && /Decision for/.test(m.text)),
    );
    expect(JSON.stringify(message.blocks)).toContain('Test drift alerts end to end');
    expect(h.sim.violations).toEqual([]);
  };

  /** refuses Mark done from someone who is not the owner, sponsor or a gate admin */
  const step3 = async () => {
    const [item] = await planItems().find({ reviewId }).toArray();
    const click = await h.slack.blockAction({
      userId: STAKEHOLDERS.change_lead,
      actionId: Ids.plan.markDone,
      value: String(item?._id),
      channelId: h.sim.dmChannelId([STAKEHOLDERS.change_lead]),
      messageTs: '1700000000.000100',
    });
    const reply = await eventually(() => h.sim.responses.find((r) => r.url === click.responseUrl));
    expect(String(reply.body.text)).toContain('Only the owner of this item (<@U0FIXER>)');
    expect((await planItems().findOne({ _id: item?._id }))?.doneAt).toBeUndefined();
  };

  /** the owner marks it done from the DM: round 2 opens and the governance assessors are invited again */
  const step4 = async () => {
    const [item] = await planItems().find({ reviewId }).toArray();
    const dm = h.sim.dmsTo(FIXER).length ? h.sim.dmsTo(FIXER).at(-1)! : undefined;
    const channel = h.sim.dmChannelId([FIXER]);
    const messageTs = dm?.ts ?? (await eventually(() => h.sim.dmsTo(FIXER).at(-1)))?.ts;
    await h.slack.blockAction({
      userId: FIXER,
      actionId: Ids.plan.markDone,
      value: String(item?._id),
      channelId: channel,
      messageTs,
    });
    const review = await eventually(async () => {
      const r = await reviewDoc(reviewId);
      return r?.round === 2 ? r : null;
    });
    expect(review.rounds[1]).toMatchObject({ n: 2, requiredRoles: ['technology_lead', 'governance_lead'] });
    expect(review.rounds[1].reason).toContain('Governance and compliance tested');
    await eventually(async () => (await stageOf(reviewId)) === 'in_review');
    const card = await cardRef(reviewId);
    await eventually(() =>
      JSON.stringify(h.sim.findMessage(card.channel, card.ts)?.blocks).includes('(round 1; round 2 is under way)'),
    );
    for (const user of [STAKEHOLDERS.technology_lead, STAKEHOLDERS.governance_lead]) {
      const invite = await eventually(() => h.sim.dmsTo(user).find((m) => /^Re-review of/.test(m.text)));
      expect(invite.text).toMatch(/^Re-review of Governance: answer again by /);
      expect(JSON.stringify(invite.blocks)).toContain('Governance and compliance tested');
    }
    expect(h.sim.dmsTo(STAKEHOLDERS.change_lead).filter((m) => /^Re-review/.test(m.text))).toEqual([]);
    const updated = await eventually(() => {
      const m = h.sim.findMessage(channel, messageTs!);
      return m?.edited ? m : undefined;
    });
    expect(updated.text).toMatch(/All your gap-closure items for Contract review bot are done/);
    const done = await planItems().findOne({ _id: item?._id });
    expect(done?.doneBy).toBe(FIXER);
    // A second click is harmless: the item stays done once, no third round.
    await h.slack.blockAction({
      userId: FIXER,
      actionId: Ids.plan.markDone,
      value: String(item?._id),
      channelId: channel,
      messageTs,
    });
    await new Promise((r) => setTimeout(r, 200));
    expect((await reviewDoc(reviewId))?.round).toBe(2);
    expect(h.sim.violations).toEqual([]);
  };

  /** decides on the latest round: nothing until re-answered, then proceed once both re-answer confirmed */
  const step5 = async () => {
    const waiting = await reviewDoc(reviewId);
    expect(waiting?.outcome).toBe('collecting');
    await answerAs(h, {
      reviewId,
      role: 'technology_lead',
      userId: STAKEHOLDERS.technology_lead,
      assessment: 'confirmed',
    });
    await answerAs(h, {
      reviewId,
      role: 'governance_lead',
      userId: STAKEHOLDERS.governance_lead,
      assessment: 'confirmed',
    });
    expect((await reviewDoc(reviewId))?.outcome).toBe('proceed');
    const modal = await openDecision(h, reviewId);
    expect(JSON.parse(modal.private_metadata)).toEqual({ reviewId, round: 2 });
    expect(offered(modal)).toEqual(['proceed', 'pause', 'terminate']);
    const proceed = await choose(h, modal, 'proceed');
    expect((await submitDecision(h, proceed, { decision: 'proceed', ...GOOD_MONITORING })).text).toBe('');
    await eventually(async () => (await stageOf(reviewId)) === 'production');
    const review = await reviewDoc(reviewId);
    expect(review?.decisions.map((d: { decision: string; round: number }) => [d.decision, d.round])).toEqual([
      ['gap_closure', 1],
      ['proceed', 2],
    ]);
    const answers = await mongoose.connection.collection('answers').find({ reviewId }).toArray();
    expect(answers.filter((a) => a.round === 1)).toHaveLength(5);
    expect(
      answers
        .filter((a) => a.round === 2)
        .map((a) => a.role)
        .sort(),
    ).toEqual(['governance_lead', 'technology_lead']);
    expect(h.sim.violations).toEqual([]);
  };

  /** the card’s Plan button opens the plan with every item and who closed it */
  const step6 = async () => {
    const card = await cardRef(reviewId);
    const click = await h.slack.blockAction({
      userId: STAKEHOLDERS.change_lead,
      actionId: Ids.plan.openButton,
      value: reviewId,
      channelId: card.channel,
      messageTs: card.ts,
    });
    const modal = await openedWith(h, click.triggerId);
    expect(modal.callback_id).toBe(Ids.plan.modal);
    const text = JSON.stringify(modal.blocks);
    expect(text).toContain('1/1 items done');
    expect(text).toContain('done by <@U0FIXER>');
    expect(buttonsIn(modal.blocks, Ids.plan.markDone)).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  };

  it('conditional governance: plan required, owner closes it, round 2 re-answered, then proceed', async () => {
    await step1();
    await step2();
    await step3();
    await step4();
    await step5();
    await step6();
  });
});
