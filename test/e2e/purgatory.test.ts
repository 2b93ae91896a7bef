import mongoose from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import { planRemindersJob } from '../../src/features/plan-reminders/plan-reminder.job.js';
import { purgatoryScanJob } from '../../src/features/purgatory/purgatory.job.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll, answerAs } from '../support/flows/answer.js';
import { cardRef, newReview } from '../support/flows/decide.js';
import { CHANNEL, STAKEHOLDERS } from '../support/flows/register.js';

const START = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400_000;
const h = useApp({ now: START });

const pilotOf = async (name: string) =>
  mongoose.connection.collection('pilots').findOne({ teamId: h.sim.team.id, nameKey: name.toLowerCase() });
const flagsOf = async (name: string) => ((await pilotOf(name))?.flags ?? []).map((f: { kind: string }) => f.kind);
const scan = () => h.server.jobs.runNow(purgatoryScanJob.name);
const channelTexts = () => (h.sim.messages.get(CHANNEL) ?? []).map((m) => m.text);
// Only the plan reminders: the owner also gets the review invite (and perhaps nudges) in the same DM.
const planDms = () => h.sim.dmsTo('U0GOVLEAD').filter((m) => m.text.includes('your gap-closure item for'));
async function cardBlocks(reviewId: string): Promise<string> {
  const { ts } = await cardRef(reviewId);
  return JSON.stringify(h.sim.messages.get(CHANNEL)?.find((m) => m.ts === ts)?.blocks ?? []);
}

describe('purgatory scan through Slack', () => {
  beforeEach(() => {
    h.clock.set(START);
  });

  it('alerts once on crossing into at risk, again into purgatory with a decision date, and clears on a decision', async () => {
    const reviewId = await newReview(h, 'Invoice triage assistant');
    await answerAll(h, reviewId);
    await scan();
    expect(await flagsOf('Invoice triage assistant')).toEqual([]);

    h.clock.advance(91 * DAY);
    await scan();
    await scan();
    // Changed on purpose (issue 15 item 6): the channel names nobody and offers the next step; the sponsor gets a DM.
    const atRisk = (h.sim.messages.get(CHANNEL) ?? []).filter((m) => m.text.includes('At risk of pilot purgatory'));
    expect(atRisk.map((m) => m.text)).toEqual([
      'Invoice triage assistant — At risk of pilot purgatory: it needs the sponsor’s decision.',
    ]);
    const alertBlocks = JSON.stringify(atRisk[0]?.blocks);
    expect(alertBlocks).toContain('To get out: a production investment case');
    expect(alertBlocks).not.toContain('<@U0SPONSOR>');
    expect(alertBlocks).toContain('"action_id":"review.decide.open"');
    expect(alertBlocks).not.toContain('"action_id":"review.remind.now"');
    const sponsorDms = () => h.sim.dmsTo('U0SPONSOR').filter((m) => m.text.startsWith('Your decision is needed'));
    expect(sponsorDms().map((m) => m.text)).toEqual([
      'Your decision is needed: Invoice triage assistant is at risk of pilot purgatory.',
    ]);
    expect(await flagsOf('Invoice triage assistant')).toEqual(['at_risk', 'stale']);
    expect(await cardBlocks(reviewId)).toContain('🚩 At risk of pilot purgatory');

    h.clock.advance(90 * DAY);
    await scan();
    await scan();
    const inPurgatory = channelTexts().filter((t) => t.includes('In pilot purgatory'));
    expect(inPurgatory).toHaveLength(1);
    const inPurgatoryBlocks = JSON.stringify(
      (h.sim.messages.get(CHANNEL) ?? []).find((m) => m.text.includes('In pilot purgatory'))?.blocks,
    );
    expect(inPurgatoryBlocks).toContain('Decision due by 2027-06-08.');
    expect(sponsorDms()).toHaveLength(2);
    expect((await pilotOf('Invoice triage assistant'))?.decisionDueAt).toEqual(new Date('2027-06-08T12:00:00Z'));
    expect(await flagsOf('Invoice triage assistant')).toEqual(['purgatory', 'stale']);

    const pilot = await pilotOf('Invoice triage assistant');
    await h.server.deps.repos.pilots.setStage(h.sim.team.id, String(pilot?._id), 'in_review', 'paused');
    await scan();
    expect(await flagsOf('Invoice triage assistant')).toEqual([]);
    expect((await pilotOf('Invoice triage assistant'))?.decisionDueAt).toBeUndefined();
    expect(channelTexts().filter((t) => t.includes('pilot purgatory'))).toHaveLength(2);
    expect(h.sim.violations).toEqual([]);
  });

  it('flags stale and overrunning, and clears both once the answers arrive', async () => {
    const reviewId = await newReview(h, 'Claims summariser', { date: '2026-11-26' });
    h.clock.advance(15 * DAY);
    await scan();
    expect(await flagsOf('Claims summariser')).toEqual(['stale', 'overrunning']);
    const detail = (await pilotOf('Claims summariser'))?.flags.map((f: { detail: string }) => f.detail);
    expect(detail).toEqual([
      'Stale: no review activity since 2026-11-25. To get out: the missing answers (Executive sponsor, Operational lead, Technology lead, Governance lead, Change lead).',
      'Overrunning: past its planned KPI-validation date (2026-11-26) without validated KPIs. To get out: KPI results on representative data (missing answers: Executive sponsor, Operational lead, Technology lead, Governance lead, Change lead), or a decision to stop.',
    ]);
    // Neither crossing is alert-worthy: the card shows them, the channel gets no alert.
    expect(channelTexts().some((t) => t.includes('Stale'))).toBe(false);

    await answerAs(h, {
      reviewId,
      role: 'technology_lead',
      userId: STAKEHOLDERS.technology_lead,
      assessment: 'confirmed',
    });
    await scan();
    expect(await flagsOf('Claims summariser')).toEqual(['overrunning']);
    await answerAll(h, reviewId);
    await scan();
    expect(await flagsOf('Claims summariser')).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });

  it('flags overdue gap-closure items, reminds their owner once a day, and clears when done', async () => {
    const reviewId = await newReview(h, 'Demand forecast');
    const pilot = await pilotOf('Demand forecast');
    const pilotId = String(pilot?._id);
    await h.server.deps.repos.pilots.setStage(h.sim.team.id, pilotId, 'in_review', 'pre_production');
    const [item] = await h.server.deps.repos.reviews.addPlanItems([
      {
        teamId: h.sim.team.id,
        reviewId,
        pilotId,
        round: 1,
        signal: 'governance',
        action: 'Document the use-case approval',
        ownerId: 'U0GOVLEAD',
        dueDate: '2026-11-27',
      },
    ]);

    await h.server.jobs.runNow(planRemindersJob.name);
    await h.server.jobs.runNow(planRemindersJob.name);
    const reminders = await eventually(() => (planDms().length > 0 ? planDms() : null));
    expect(reminders.map((m) => m.text)).toEqual([
      'Due in 2 days: your gap-closure item for Demand forecast (due 2026-11-27): Document the use-case approval',
    ]);
    expect(JSON.stringify(reminders[0]?.blocks)).toContain(`"action_id":"plan.item.done","value":"${item?.id}"`);

    h.clock.advance(3 * DAY);
    await scan();
    expect(await flagsOf('Demand forecast')).toEqual(['overdue']);
    await h.server.jobs.runNow(planRemindersJob.name);
    expect(
      h.sim
        .dmsTo('U0GOVLEAD')
        .map((m) => m.text)
        .at(-1),
    ).toMatch(/^Overdue by 1 day: /);

    await h.server.deps.repos.reviews.markPlanItemDone(h.sim.team.id, String(item?.id), 'U0GOVLEAD', h.clock.now());
    // As the Mark done button does: the card shows the change, which marks the pilot for the next scan.
    await h.server.deps.services.reviews.refreshCard(h.sim.team.id, reviewId);
    await scan();
    expect(await flagsOf('Demand forecast')).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });
});
