import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { weeklyDigestJob } from '../../src/features/digests/digest.job.js';
import { planRemindersJob } from '../../src/features/plan-reminders/plan-reminder.job.js';
import { purgatoryScanJob } from '../../src/features/purgatory/purgatory.job.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll, answerAs } from '../support/flows/answer.js';
import { cardRef, choose, newReview, openDecision, submitDecision } from '../support/flows/decide.js';
import { CHANNEL, STAKEHOLDERS } from '../support/flows/register.js';
import { mrkdwnTexts } from '../support/mrkdwn-texts.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });

/** Strings Slack would turn into a broadcast, a group ping or a disguised link if left unescaped. */
const HOSTILE = ['<!here>', '<!channel>', '<!everyone>', '<!subteam^S0HOSTILE>', '<https://evil.example|click me>'];
const FORBIDDEN = ['<!here', '<!channel', '<!everyone', '<!subteam', '<https://evil'];

/** Every mrkdwn text the app has shown so far: messages, ephemerals, response_url posts, modals, Home tabs. */
function everythingShown(): string[] {
  const sim = h.sim;
  return mrkdwnTexts([
    [...sim.messages.values()].flat().map((m) => ({ text: m.text, blocks: m.blocks })),
    sim.ephemerals.map((m) => ({ text: m.text, blocks: m.blocks })),
    sim.responses.map((r) => r.body),
    [...sim.views.values()].map((v) => v.blocks),
    [...sim.homeViews.values()].map((v) => v.blocks),
  ]);
}

describe('user text can never ping a channel or smuggle a link, in any surface', () => {
  it('escapes hostile text from registration, answers, decision reasons and plan items wherever it is shown', async () => {
    const name = `Hostile ${HOSTILE[0]} pilot`;
    const reviewId = await newReview(h, name, {
      kpis: `Cycle ${HOSTILE[1]} | 4 days | 1 day`,
      kill: `Kill ${HOSTILE[2]}`,
      scale: `Scale ${HOSTILE[4]}`,
    });
    await answerAll(
      h,
      reviewId,
      { governance_lead: 'conditional' },
      {
        operational_lead: { kpi_results: `Results ${HOSTILE[0]} ${HOSTILE[4]}` },
        change_lead: { adoption_concerns: `Concerns ${HOSTILE[3]}` },
        governance_lead: { drift_thresholds: `Drift ${HOSTILE[1]}` },
      },
    );
    const card = await cardRef(reviewId);
    await h.slack.blockAction({
      userId: STAKEHOLDERS.executive_sponsor,
      actionId: Ids.review.detailsButton,
      value: reviewId,
      channelId: card.channel,
      messageTs: card.ts,
    });
    const gap = await choose(h, await openDecision(h, reviewId), 'gap_closure');
    const ack = await submitDecision(h, gap, {
      decision: 'gap_closure',
      plan: { governance: { action: `Fix ${HOSTILE[1]} ${HOSTILE[4]}`, owner: 'U0FIXER', due: '2026-12-20' } },
    });
    expect(ack.text).toBe('');
    await eventually(() => h.sim.dmsTo('U0FIXER').length > 0);
    await h.slack.command({ text: `status ${name}`, userId: STAKEHOLDERS.executive_sponsor, channelId: card.channel });
    await h.slack.command({ text: 'list', userId: STAKEHOLDERS.executive_sponsor, channelId: card.channel });
    await h.slack.event({
      event: {
        type: 'app_home_opened',
        user: STAKEHOLDERS.executive_sponsor,
        channel: 'D1',
        tab: 'home',
        event_ts: '1.1',
      },
    });
    await eventually(() => h.sim.responses.length >= 2 && h.sim.homeViews.size >= 1);

    const shown = everythingShown();
    expect(shown.join('\n')).toContain('&lt;!here&gt;');
    expect(shown.filter((t) => FORBIDDEN.some((bad) => t.includes(bad)))).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });
});

const DAY = 86_400_000;

/** The header block's plain_text of a message, or undefined. */
function headerOf(blocks: unknown): string | undefined {
  const header = (blocks as { type: string; text?: { type: string; text: string } }[] | undefined)?.find(
    (b) => b.type === 'header',
  );
  return header?.text?.type === 'plain_text' ? header.text.text : undefined;
}

describe('the text fallback of every message escapes the pilot name', () => {
  it('covers the disagreement thread, the no-role notice, nudges, escalation, missing owner, digest, purgatory alert and plan reminders', async () => {
    const name = '<!channel> Ops';
    const shownName = '&lt;!channel&gt; Ops';
    const start = new Date('2026-11-25T15:00:00Z'); // Wednesday, 10:00 in the simulator's New York.
    h.clock.set(start);
    const reviewId = await newReview(h, name);
    const team = h.sim.team.id;
    const pilotId = String(
      (await mongoose.connection.collection('pilots').findOne({ teamId: team, nameKey: name.toLowerCase() }))?._id,
    );

    // Missing owner: the sponsor names no operational owner. Disagreement: Confirmed vs Failed on the KPIs.
    await answerAs(h, {
      reviewId,
      role: 'executive_sponsor',
      userId: STAKEHOLDERS.executive_sponsor,
      assessment: 'confirmed',
      overrides: { operational_owner: null },
    });
    await answerAs(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
      assessment: 'confirmed',
      overrides: { kpi_assessment: 'failed' },
    });
    const card = await cardRef(reviewId);
    const thread = await eventually(() =>
      (h.sim.messages.get(CHANNEL) ?? []).find((m) => m.thread_ts === card.ts && m.text.includes('disagree')),
    );
    // Someone holding no role clicks *Answer my questions* on the card.
    await h.slack.blockAction({
      userId: 'U0STRANGER',
      actionId: Ids.review.answerButton,
      value: reviewId,
      channelId: card.channel,
      messageTs: card.ts,
    });
    const noRole = await eventually(() => h.sim.ephemerals.find((m) => m.text.startsWith('You hold no role')));
    await h.server.jobs.runNow('owners.check');
    const ownerAlert = await eventually(() =>
      h.sim.dmsTo(STAKEHOLDERS.executive_sponsor).find((m) => /is missing an owner/.test(m.text)),
    );

    // Nudges from NUDGE_FIRST_AFTER (2 days), one a day, escalated to the sponsor after ESCALATE_AFTER_NUDGES (3).
    const escalation = () => h.sim.dmsTo(STAKEHOLDERS.executive_sponsor).find((m) => /still waiting on/.test(m.text));
    for (let day = 2; day <= 8 && !escalation(); day++) {
      h.clock.set(new Date(start.getTime() + day * DAY + 60_000));
      await h.server.jobs.runNow('nudges.sweep');
    }
    const reminder = h.sim.dmsTo(STAKEHOLDERS.technology_lead).find((m) => m.text.startsWith('Reminder:'));

    // Digest on Monday 09:00 New York; a plan item due the next day, with a hostile action.
    h.clock.set(new Date('2026-11-30T14:02:00Z'));
    await h.server.jobs.runNow(weeklyDigestJob.name);
    const digest = h.sim.dmsTo(STAKEHOLDERS.executive_sponsor).find((m) => m.text.startsWith('Your weekly'));
    await h.server.deps.repos.reviews.addPlanItems([
      {
        teamId: team,
        reviewId,
        pilotId,
        round: 1,
        signal: 'governance',
        action: `Brief ${HOSTILE[1]} and ${HOSTILE[4]}`,
        ownerId: STAKEHOLDERS.governance_lead,
        dueDate: '2026-12-01',
      },
    ]);
    await h.server.jobs.runNow(planRemindersJob.name);
    const planDm = h.sim.dmsTo(STAKEHOLDERS.governance_lead).find((m) => m.text.includes('your gap-closure item for'));

    // At risk of purgatory: promising (KPIs validated) for more than 90 days without a scale decision.
    await mongoose.connection
      .collection('pilots')
      .updateOne({ _id: new mongoose.Types.ObjectId(pilotId) }, { $set: { promisingAt: start } });
    h.clock.set(new Date(start.getTime() + 91 * DAY));
    await h.server.jobs.runNow(purgatoryScanJob.name);
    const alert = (h.sim.messages.get(CHANNEL) ?? []).find(
      (m) => !m.thread_ts && m.text.includes('At risk of pilot purgatory') && m.text.includes('Ops'),
    );

    await h.slack.command({ text: `status ${name}`, userId: STAKEHOLDERS.executive_sponsor, channelId: CHANNEL });
    const status = await eventually(() => h.sim.responses.find((r) => headerOf(r.body.blocks)));

    const fallbacks = { thread, noRole, ownerAlert, reminder, escalation: escalation(), digest, planDm, alert };
    const unescaped = Object.entries(fallbacks)
      .filter(([, m]) => !m?.text.includes(shownName) || m.text.includes('<!channel'))
      .map(([surface, m]) => `${surface}: ${m?.text}`);
    expect(unescaped).toEqual([]);
    expect(planDm?.text).toContain('&lt;https://evil');
    // plain_text is never parsed for mentions, and an entity there would show as literal "&lt;".
    expect(headerOf(h.sim.findMessage(card.channel, card.ts)?.blocks)).toBe('Gate review: <!channel> Ops');
    expect(headerOf(status.body.blocks)).toBe('Gate review: <!channel> Ops');

    const shown = everythingShown();
    expect(shown.filter((t) => FORBIDDEN.some((bad) => t.includes(bad)))).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('error texts name pilots escaped (a DomainError’s message is mrkdwn wherever it is shown)', () => {
  it('covers /gate decide (unknown name, which pilot), the 90-day review refusals and a terminated pilot', async () => {
    const hostile = `<!channel> Errors`;
    const other = `<!here> Second`;
    h.clock.set(new Date('2026-11-25T12:00:00Z')); // the test before moved the clock months on
    const reviewId = await newReview(h, hostile);
    await newReview(h, other);
    const team = h.sim.team.id;
    const pilots = mongoose.connection.collection('pilots');
    const pilotId = String((await pilots.findOne({ teamId: team, nameKey: hostile.toLowerCase() }))?._id);
    const sponsor = STAKEHOLDERS.executive_sponsor;
    const before = h.sim.responses.length;

    // A name nobody registered, with the channel's pilots listed; then no name with two undecided pilots.
    await h.slack.command({ text: `decide ${HOSTILE[2]} nobody`, userId: sponsor, channelId: CHANNEL });
    await h.slack.command({ text: 'decide', userId: sponsor, channelId: CHANNEL });
    // The 90-day review of a pilot not in production, and asked by someone who holds no role in it.
    for (const userId of [sponsor, 'U0STRANGER']) {
      await h.slack.blockAction({ userId, actionId: Ids.review90.openButton, value: pilotId, channelId: CHANNEL });
    }
    await eventually(() => h.sim.responses.length >= before + 4);
    const replies = h.sim.responses.slice(before).map((r) => String(r.body.text));
    expect(replies.join('\n')).toContain('&lt;!channel&gt; Errors');
    expect(replies.join('\n')).toContain('&lt;!everyone&gt; nobody');
    expect(replies.filter((t) => FORBIDDEN.some((bad) => t.includes(bad)))).toEqual([]);

    // A terminated pilot: deciding again is refused, naming it escaped.
    await pilots.updateOne({ _id: new mongoose.Types.ObjectId(pilotId) }, { $set: { stage: 'terminated' } });
    await expect(
      h.server.deps.services.decisions.record({
        teamId: team,
        reviewId,
        round: 1,
        userId: sponsor,
        draft: {
          decision: 'pause',
          reason: 'x',
          planItems: [],
          monitoring: { thresholds: {}, incidentDeciders: [], incidentNotes: '' },
        },
        planSignals: [],
        today: '2026-11-25',
      }),
    ).rejects.toThrow('&lt;!channel&gt; Errors is terminated');
    expect(h.sim.violations).toEqual([]);
  });
});
