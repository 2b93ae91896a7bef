/**
 * Confirmations expire: answers confirmed longer ago than CONFIRMATION_VALID_FOR are stale when the
 * sponsor opens the decision modal. Their signals count as pending (no *Proceed*), each stale assessor
 * gets one DM per stale period with *Still true* and *Update my answers*, and the card stops offering the
 * pilot as ready for the decision until they re-confirm.
 */
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { RoleId } from '../../src/core/catalog.domain.js';
import { weeklyDigestJob } from '../../src/features/digests/digest.job.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAs, cardUpdates } from '../support/flows/answer.js';
import { cardRef, newReview, offered, oid, openDecision } from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';
import type { SimMessage } from '../support/slack-simulator.js';

/** PRINT_SURFACES=1 prints what the DMs, card and modal showed. */
const PRINT = process.env.PRINT_SURFACES === '1';
const DAY = 86_400_000;
const h = useApp({ now: new Date('2026-09-01T12:00:00Z') });
const reviews = () => mongoose.connection.collection('reviews');
const audit = (reviewId: string) =>
  mongoose.connection.collection('audit_events').find({ reviewId }).sort({ seq: 1 }).toArray();

type Element = { action_id?: string; value?: string; style?: string; text?: string | { text: string } };
type Block = { type: string; text?: { text: string }; elements?: Element[] };
const elementText = (e: Element) => (typeof e.text === 'string' ? e.text : e.text?.text);
const blocksOf = (m: { blocks?: unknown[] }) => (m.blocks ?? []) as Block[];
const texts = (m: { blocks?: unknown[] }) =>
  blocksOf(m)
    .flatMap((b) => [b.text?.text, ...(b.elements ?? []).map(elementText)])
    .filter(Boolean)
    .join('\n');
const buttonOf = (m: SimMessage, actionId: string) =>
  blocksOf(m)
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === actionId);

/** The DMs asking `userId` to re-confirm. */
const reconfirmDms = (userId: string) => h.sim.dmsTo(userId).filter((m) => buttonOf(m, Ids.review.stillTrueButton));

const card = async (reviewId: string) => {
  const ref = await cardRef(reviewId);
  return h.sim.findMessage(ref.channel, ref.ts)!;
};
const cardButtons = async (reviewId: string) =>
  blocksOf(await card(reviewId))
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => (e.style === 'primary' ? `*${elementText(e)}*` : elementText(e)));

async function answer(reviewId: string, roles: RoleId[]) {
  for (const role of roles) await answerAs(h, { reviewId, role, userId: STAKEHOLDERS[role], assessment: 'confirmed' });
}

/** Clicks *Still true* on `dm` (`value`: the button's, when the DM no longer shows it). */
async function clickStillTrue(
  userId: string,
  dm: SimMessage,
  value = buttonOf(dm, Ids.review.stillTrueButton)!.value!,
) {
  return h.slack.blockAction({
    userId,
    actionId: Ids.review.stillTrueButton,
    value,
    channelId: dm.channel,
    messageTs: dm.ts,
  });
}

/** Prints what Slack was sent, for the record of how the flow reads. */
function show(label: string, m: { text: string; blocks?: unknown[] }) {
  if (PRINT) console.log(`--- ${label}\ntext: ${m.text}\nblocks:\n${texts(m)}`);
}

describe('confirmations expire', () => {
  it('stale answers hold the decision until their assessors re-confirm; Still true re-stamps them, once', async () => {
    const reviewId = await newReview(h, 'Claims intake');
    const others: RoleId[] = ['executive_sponsor', 'operational_lead', 'governance_lead', 'change_lead'];
    await answer(reviewId, others);
    h.clock.advance(50 * DAY);
    await answer(reviewId, ['technology_lead']);
    expect((await card(reviewId)).text).toMatch(/^Ready for the sponsor's decision: ready to scale/);

    // 91 days after the first four answered: theirs are stale, the technology lead's (41 days) is not.
    h.clock.advance(41 * DAY);
    const ref = await cardRef(reviewId);
    const updatesBefore = cardUpdates(h, ref.ts);
    const modal = await openDecision(h, reviewId);
    expect(offered(modal)).toEqual(['pause', 'terminate']);
    const modalText = JSON.stringify(modal.blocks);
    expect(modalText).toContain('4 stale confirmations');
    expect(modalText).toContain('older than 90 days');
    expect(modalText).toContain('Operational lead: confirmed 2026-09-01, now stale; awaiting re-confirmation');
    expect(modalText).toContain('Outcome: Collecting answers');
    if (PRINT) console.log(`--- decision modal\n${modal.blocks.map((b) => JSON.stringify(b)).join('\n')}`);

    // Each stale assessor is asked once; the technology lead is not asked.
    const asked = await eventually(() => {
      const dms = others.map((r) => reconfirmDms(STAKEHOLDERS[r]));
      return dms.every((d) => d.length === 1) ? dms.map((d) => d[0]!) : null;
    });
    expect(reconfirmDms(STAKEHOLDERS.technology_lead)).toEqual([]);
    for (const dm of asked) {
      expect(dm.text).toMatch(
        /^Re-confirm your answers as (Sponsor|Ops|Gov|Change): the sponsor is deciding on Claims intake/,
      );
      expect(dm.text.length).toBeLessThanOrEqual(150);
    }
    const opsDm = reconfirmDms(STAKEHOLDERS.operational_lead)[0]!;
    show('DM to the operational lead', opsDm);
    expect(texts(opsDm)).toContain('Still true');
    expect(texts(opsDm)).toContain('Update my answers');

    // The card no longer offers the pilot as ready for the decision.
    await eventually(() => cardUpdates(h, ref.ts) > updatesBefore);
    const staleCard = await card(reviewId);
    show('card while stale', staleCard);
    expect(staleCard.text).toBe(
      'Re-confirmation asked of Sponsor, Ops, Gov, Change before the decision · Claims intake',
    );
    expect(texts(staleCard)).toContain('🔁 Waiting on re-confirmation: Executive sponsor');
    expect(await cardButtons(reviewId)).toEqual(['Record decision', 'Details']);

    // Opening the modal again asks nobody twice (it refreshes the card, and that is all).
    const updatesAfterFirst = cardUpdates(h, ref.ts);
    await openDecision(h, reviewId);
    await eventually(() => cardUpdates(h, ref.ts) > updatesAfterFirst);
    for (const r of others) expect(reconfirmDms(STAKEHOLDERS[r])).toHaveLength(1);

    // *Update my answers* opens the change lead's questionnaire.
    const changeDm = reconfirmDms(STAKEHOLDERS.change_lead)[0]!;
    const update = buttonOf(changeDm, Ids.review.answerButton)!;
    const opened = h.sim.callsTo('views.open').length;
    await h.slack.blockAction({
      userId: STAKEHOLDERS.change_lead,
      actionId: Ids.review.answerButton,
      value: update.value!,
      channelId: changeDm.channel,
      messageTs: changeDm.ts,
    });
    const questionnaire = await eventually(() => h.sim.callsTo('views.open').slice(opened)[0]);
    expect((questionnaire.args.view as { callback_id: string }).callback_id).toBe(Ids.review.questionnaireModal);

    // *Still true* re-stamps the ops lead's answers at once, says so in the DM, and is audited.
    const opsButton = buttonOf(opsDm, Ids.review.stillTrueButton)!.value!;
    await clickStillTrue(STAKEHOLDERS.operational_lead, opsDm);
    const done = await eventually(() => {
      const m = h.sim.findMessage(opsDm.channel, opsDm.ts);
      return m?.text.startsWith('Re-confirmed') ? m : null;
    });
    show('DM after Still true', done);
    expect(done.text).toBe('Re-confirmed: your answers as Ops on Claims intake count again');
    expect(buttonOf(done, Ids.review.stillTrueButton)).toBeUndefined();
    const stamped = await reviews().findOne({ _id: oid(reviewId) });
    expect(stamped?.confirmations?.operational_lead).toEqual(h.clock.now());
    expect(stamped?.reaffirmAudit?.operational_lead).toBeUndefined();
    const reaffirmed = async () => (await audit(reviewId)).filter((e) => e.type === 'confirmation.reaffirmed');
    expect((await reaffirmed()).map((e) => [e.subject, e.actor, e.before, e.after])).toEqual([
      [
        'operational_lead',
        STAKEHOLDERS.operational_lead,
        { confirmedAt: '2026-09-01T12:00:00.000Z' },
        { confirmedAt: h.clock.now().toISOString() },
      ],
    ]);

    // A second click of the same (old) button changes nothing.
    await clickStillTrue(STAKEHOLDERS.operational_lead, opsDm, opsButton);
    await eventually(() => h.sim.findMessage(opsDm.channel, opsDm.ts)?.text.startsWith('Nothing to re-confirm'));
    expect(await reaffirmed()).toHaveLength(1);

    // Someone else's click is refused and re-stamps nothing.
    const govDm = reconfirmDms(STAKEHOLDERS.governance_lead)[0]!;
    await clickStillTrue(STAKEHOLDERS.technology_lead, govDm);
    await eventually(() =>
      h.sim.dmsTo(STAKEHOLDERS.technology_lead).some((m) => m.text.includes('Only the governance lead')),
    );
    expect(await reaffirmed()).toHaveLength(1);

    // Once everyone re-confirmed, the card and the modal are ready for the decision again.
    for (const role of ['executive_sponsor', 'governance_lead', 'change_lead'] as const) {
      await clickStillTrue(STAKEHOLDERS[role], reconfirmDms(STAKEHOLDERS[role])[0]!);
    }
    await eventually(async () => (await card(reviewId)).text.startsWith("Ready for the sponsor's decision"));
    expect(await cardButtons(reviewId)).toEqual(['*Record decision*', 'Details']);
    expect(await reaffirmed()).toHaveLength(4);
    const again = await openDecision(h, reviewId);
    expect(offered(again)).toEqual(['proceed', 'pause', 'terminate']);
    expect(JSON.stringify(again.blocks)).not.toContain('stale');
    expect(h.sim.violations).toEqual([]);
  });

  it('the weekly digest lists stale confirmations, and the decision waits on them', async () => {
    const reviewId = await newReview(h, 'Fraud triage');
    await answer(reviewId, [
      'executive_sponsor',
      'operational_lead',
      'technology_lead',
      'governance_lead',
      'change_lead',
    ]);
    // 91 days on, then the next Monday 09:02 in the sponsor's zone (the simulator's New York; the default
    // digest schedule is Mondays 09:00, and both dates fall in standard time, UTC−5).
    const later = new Date(h.clock.now().getTime() + 91 * DAY);
    const daysToMonday = (8 - later.getUTCDay()) % 7;
    const monday = new Date(
      Date.UTC(later.getUTCFullYear(), later.getUTCMonth(), later.getUTCDate() + daysToMonday, 14, 2),
    );
    h.clock.set(monday);
    await h.server.jobs.runNow(weeklyDigestJob.name);
    const digest = await eventually(() =>
      h.sim.dmsTo(STAKEHOLDERS.executive_sponsor).find((m) => m.text.startsWith('Your weekly PilotGate digest')),
    );
    const section = blocksOf(digest)
      .map((b) => b.text?.text ?? '')
      .find((t) => t.startsWith('*Fraud triage*'))!;
    expect(section).toContain('🔁 Stale confirmations: <@U0SPONSOR> (Executive sponsor, from');
    expect(section).toContain('<@U0CHANGE> (Change lead, from');
    expect(section).toContain('⚖️ Your decision waits on 5 stale confirmations: opening it asks them to re-confirm');
    // The notification counts them over both pilots (5 each); the blocks name them.
    expect(digest.text).toContain('10 stale confirmations');
    expect(h.sim.violations).toEqual([]);
  });
});
