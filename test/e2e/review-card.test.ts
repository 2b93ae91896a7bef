import { describe, expect, it } from 'vitest';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll } from '../support/flows/answer.js';
import {
  cardRef,
  choose,
  GOOD_MONITORING,
  newReview,
  openDecision,
  openedWith,
  submitDecision,
} from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });

type Btn = { text: { text: string }; style?: string };
/** The card's buttons as people see them, the primary one in *stars*. */
async function cardButtons(reviewId: string): Promise<string[]> {
  const card = await cardRef(reviewId);
  const blocks = (h.sim.findMessage(card.channel, card.ts)?.blocks ?? []) as { type: string; elements?: Btn[] }[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => (e.style === 'primary' ? `*${e.text.text}*` : e.text.text));
}

describe('the review card through Slack', () => {
  it('Remind on the card reminds who owes answers and tells only the clicker; View decision shows the decision', async () => {
    const reviewId = await newReview(h, 'Invoice triage');
    expect(await cardButtons(reviewId)).toEqual(['*Answer my questions*', 'Remind', 'Details']);
    const card = await cardRef(reviewId);
    const first = h.sim.findMessage(card.channel, card.ts);
    expect(first?.text).toBe('Gate review opened — 0 of 5 answered · Invoice triage');

    const click = await h.slack.blockAction({
      userId: STAKEHOLDERS.executive_sponsor,
      actionId: Ids.review.remindButton,
      value: reviewId,
      channelId: card.channel,
      messageTs: card.ts,
    });
    expect(click.status).toBe(200);
    // Told to the clicker alone: an ephemeral in the card's channel.
    const told = await eventually(() => h.sim.ephemerals.find((m) => m.text.startsWith('Sent ')));
    expect(told).toMatchObject({ channel: card.channel, user: STAKEHOLDERS.executive_sponsor });
    expect(told.text).toMatch(/^Sent 5 reminders for \*Invoice triage\*\. Still owing answers: <@U0SPONSOR>/);
    expect(h.sim.dmsTo(STAKEHOLDERS.change_lead).at(-1)?.text).toMatch(/^Reminder: /);

    await answerAll(h, reviewId);
    await eventually(async () => (await cardButtons(reviewId))[0] === '*Record decision*' || undefined);
    expect(await cardButtons(reviewId)).toEqual(['*Record decision*', 'Details']);
    expect(h.sim.findMessage(card.channel, card.ts)?.text).toBe(
      "Ready for the sponsor's decision: ready to scale · Invoice triage",
    );

    const proceed = await choose(h, await openDecision(h, reviewId), 'proceed');
    const ok = await submitDecision(h, proceed, { decision: 'proceed', ...GOOD_MONITORING, reason: 'KPIs hold' });
    expect(ok.status).toBe(200);
    await eventually(async () => (await cardButtons(reviewId))[0] === 'View decision' || undefined);
    expect(await cardButtons(reviewId)).toEqual(['View decision', 'Details']);
    const decided = h.sim.findMessage(card.channel, card.ts);
    expect(decided?.text).toBe('In production · Invoice triage');
    expect(JSON.stringify(decided?.blocks)).not.toContain('Awaiting');

    const view = await h.slack.blockAction({
      userId: STAKEHOLDERS.technology_lead,
      actionId: Ids.review.viewDecisionButton,
      value: reviewId,
      channelId: card.channel,
      messageTs: card.ts,
    });
    const modal = await openedWith(h, view.triggerId);
    const shown = JSON.stringify(modal.blocks);
    expect(shown).toContain('*Proceed to production* for *Invoice triage*');
    expect(shown).toContain('Decided by <@U0SPONSOR>');
    expect(shown).toContain('Conditions: the monitoring plan');
    expect(h.sim.violations).toEqual([]);
  });
});
