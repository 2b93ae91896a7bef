import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS, type RoleId } from '../../src/core/catalog.domain.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAs, reviewIdOf } from '../support/flows/answer.js';
import { registerPilot } from '../support/flows/register.js';
import { selectedDate } from '../support/signed-client.js';
import type { SimMessage } from '../support/slack-simulator.js';

const DAY = 24 * 3_600_000;
const MINUTE = 60_000;

const h = useApp({
  now: new Date('2026-11-25T15:00:00Z'),
  env: { NUDGE_FIRST_AFTER: '2d', NUDGE_EVERY: '1d', ESCALATE_AFTER_NUDGES: '3', JOB_SWEEP_EVERY: '1h' },
});

type People = Record<RoleId, string>;
const people = (tag: string): People =>
  Object.fromEntries(ROLE_IDS.map((r, i) => [r, `U0${tag}${'SOTGC'[i]}`])) as People;
const reminders = (user: string) => h.sim.dmsTo(user).filter((m) => m.text.startsWith('Reminder:'));
const ownerAlerts = (user: string) => h.sim.dmsTo(user).filter((m) => /is missing an owner/.test(m.text));
const sweep = () => h.server.jobs.runNow('nudges.sweep');
const checkOwners = () => h.server.jobs.runNow('owners.check');
const auditOf = (reviewId: string, type: string) =>
  mongoose.connection.collection('audit_events').find({ reviewId, type }).sort({ seq: 1 }).toArray();

async function openReview(name: string, p: People, creator = p.executive_sponsor): Promise<string> {
  const ack = await registerPilot(h, { name, stakeholders: p, date: '2027-12-31' }, creator);
  expect(ack.status).toBe(200);
  expect(ack.text).toBe('');
  const reviewId = await eventually(() => reviewIdOf(h, name));
  for (const user of Object.values(p)) await eventually(() => h.sim.dmsTo(user).length > 0);
  return reviewId;
}

const snoozeClick = (user: string, msg: SimMessage, value: string) =>
  h.slack.blockAction({
    userId: user,
    actionId: Ids.nudge.snooze,
    actionType: 'overflow',
    selectedOption: { text: { type: 'plain_text', text: 'Snooze' }, value },
    channelId: msg.channel,
    messageTs: msg.ts,
  });

describe('snoozing a nudge from the DM', () => {
  it('snoozes for an hour, or until a picked date (validated inline), and the audit trail keeps it', async () => {
    const p = people('D');
    const ops = p.operational_lead;
    h.clock.set(new Date('2026-12-20T15:00:00Z'));
    const reviewId = await openReview('Snooze pilot', p);
    h.clock.set(new Date('2026-12-22T15:01:00Z')); // 10:01 in New York
    await sweep();
    const [nudge] = reminders(ops);
    if (!nudge) throw new Error('no first reminder');

    await snoozeClick(ops, nudge, `1h:${reviewId}:1`);
    const confirmed = await eventually(() => h.sim.responses.find((r) => String(r.body.text).startsWith('Snoozed')));
    expect(confirmed.body.text).toBe(
      'Snoozed: no reminders about Snooze pilot until Tue 22 Dec 2026, 11:01 (America/New_York).',
    );

    await snoozeClick(ops, nudge, `date:${reviewId}:1`);
    const open = await eventually(() =>
      h.sim
        .callsTo('views.open')
        .find((c) => (c.args.view as { callback_id: string }).callback_id === Ids.nudge.snoozeUntilModal),
    );
    const modal = open.args.view as { blocks: { element?: { initial_date?: string } }[] };
    expect(modal.blocks[1]?.element?.initial_date).toBe('2026-12-23');
    const submit = (date: string) =>
      h.slack.viewSubmission({
        userId: ops,
        view: {
          callback_id: Ids.nudge.snoozeUntilModal,
          state: { values: { [Ids.nudge.snoozeDateBlock]: { v: selectedDate(date) } } },
        },
      });
    expect((await submit('2026-12-22')).json).toEqual({
      response_action: 'errors',
      errors: { [Ids.nudge.snoozeDateBlock]: 'Pick a date after today' },
    });
    expect((await submit('2026-12-25')).text).toBe('');
    await eventually(() => h.sim.dmsTo(ops).some((m) => m.text.includes('until Fri 25 Dec 2026, 00:00')));

    h.clock.set(new Date('2026-12-23T15:02:00Z')); // due by the cadence, but snoozed
    await sweep();
    expect(reminders(ops)).toHaveLength(1);
    expect(reminders(p.technology_lead)).toHaveLength(2);
    h.clock.set(new Date('2026-12-25T14:01:00Z')); // 09:01 on the 25th in New York
    await sweep();
    expect(reminders(ops)).toHaveLength(2);

    const snoozes = await auditOf(reviewId, 'nudge.snoozed');
    expect(snoozes.map((e) => [e.actor, e.after])).toEqual([
      [ops, '2026-12-22T16:01:00.000Z'],
      [ops, '2026-12-25T05:00:00.000Z'],
    ]);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('deputies', () => {
  it('sends an away holder’s nudge to the deputy and records the hand-over', async () => {
    const p = people('E');
    h.clock.set(new Date('2027-01-04T15:00:00Z'));
    const reviewId = await openReview('Deputy pilot', p);
    await mongoose.connection
      .collection('pilots')
      .updateOne({ nameKey: 'deputy pilot' }, { $set: { 'deputies.governance_lead': 'U0EDEPUTY' } });
    h.sim.setUser(p.governance_lead, { presence: 'away' });
    h.clock.set(new Date('2027-01-06T15:01:00Z'));
    await sweep();
    expect(reminders(p.governance_lead)).toHaveLength(0);
    const [toDeputy] = reminders('U0EDEPUTY');
    expect(JSON.stringify(toDeputy?.blocks)).toContain(
      `You are the deputy for <@${p.governance_lead}> (Governance lead)`,
    );
    const handOvers = await auditOf(reviewId, 'nudge.handed_over');
    expect(handOvers.map((e) => [e.subject, e.before, e.after])).toEqual([
      ['governance_lead', p.governance_lead, 'U0EDEPUTY'],
    ]);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('missing owners', () => {
  it('DMs the sponsor daily while no operational owner is named, and stops once one is', async () => {
    const p = people('F');
    h.clock.set(new Date('2027-01-11T15:00:00Z'));
    const reviewId = await openReview('Owner pilot', p);
    await checkOwners();
    expect(ownerAlerts(p.executive_sponsor)).toHaveLength(0);

    await answerAs(h, {
      reviewId,
      role: 'executive_sponsor',
      userId: p.executive_sponsor,
      assessment: 'conditional',
      overrides: { operational_owner: null },
    });
    await checkOwners();
    await checkOwners();
    const [alert] = ownerAlerts(p.executive_sponsor);
    expect(ownerAlerts(p.executive_sponsor)).toHaveLength(1);
    expect(JSON.stringify(alert?.blocks)).toContain(
      "No named operational owner (Executive sponsor's answers: no named operational owner)",
    );

    h.clock.advance(DAY);
    await checkOwners();
    expect(ownerAlerts(p.executive_sponsor)).toHaveLength(2);

    await answerAs(h, { reviewId, role: 'executive_sponsor', userId: p.executive_sponsor, assessment: 'confirmed' });
    h.clock.advance(DAY);
    await checkOwners();
    expect(ownerAlerts(p.executive_sponsor)).toHaveLength(2);
    expect(h.sim.violations).toEqual([]);
  });

  it('tells the pilot’s creator when no one holds the sponsor role', async () => {
    const p = people('G');
    h.clock.set(new Date('2027-01-18T15:00:00Z'));
    await openReview('Ownerless pilot', p, 'U0GCREATOR');
    await mongoose.connection
      .collection('pilots')
      .updateOne({ nameKey: 'ownerless pilot' }, { $unset: { 'stakeholders.executive_sponsor': '' } });
    h.clock.advance(MINUTE);
    await checkOwners();
    const [alert] = ownerAlerts('U0GCREATOR');
    expect(alert?.text).toBe('The gate review of Ownerless pilot is missing an owner: 1 gap to fix.');
    expect(JSON.stringify(alert?.blocks)).toContain('No one holds the *Executive sponsor* role');
    expect(h.sim.violations).toEqual([]);
  });
});
