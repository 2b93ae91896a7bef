import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS, type RoleId } from '../../src/core/catalog.domain.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, type Harness, useApp } from '../support/app-harness.js';
import { answerAs, reviewIdOf } from '../support/flows/answer.js';
import { registerPilot } from '../support/flows/register.js';
import type { SimMessage } from '../support/slack-simulator.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;

// The agenda sweep runs hourly in real time here; these tests drive the clock and run the sweep themselves.
const h = useApp({
  now: new Date('2026-11-25T15:00:00Z'),
  env: { NUDGE_FIRST_AFTER: '2d', NUDGE_EVERY: '1d', ESCALATE_AFTER_NUDGES: '2', JOB_SWEEP_EVERY: '1h' },
});

type People = Record<RoleId, string>;
const people = (tag: string): People =>
  Object.fromEntries(ROLE_IDS.map((r, i) => [r, `U0${tag}${'SOTGC'[i]}`])) as People;

const reminders = (user: string) => h.sim.dmsTo(user).filter((m) => m.text.startsWith('Reminder:'));
const escalations = (user: string) => h.sim.dmsTo(user).filter((m) => /still waiting on/.test(m.text));
const sweep = () => h.server.jobs.runNow('nudges.sweep');
const reviews = () => mongoose.connection.collection('reviews');

/** Registers a pilot at the clock's current time and waits until every invite went out. */
async function openReview(harness: Harness, name: string, p: People): Promise<string> {
  const ack = await registerPilot(harness, { name, stakeholders: p, date: '2027-12-31' }, p.executive_sponsor);
  expect(ack.status).toBe(200);
  expect(ack.text).toBe('');
  const reviewId = await eventually(() => reviewIdOf(harness, name));
  for (const user of Object.values(p)) await eventually(() => harness.sim.dmsTo(user).length > 0);
  return reviewId;
}

describe('nudges for missing answers', () => {
  it('nudges first after NUDGE_FIRST_AFTER, then every NUDGE_EVERY, never twice within the cadence, and escalates', async () => {
    const p = people('A');
    const start = new Date('2026-11-25T15:00:00Z');
    h.clock.set(start);
    const reviewId = await openReview(h, 'Nudge cadence pilot', p);

    h.clock.set(new Date(start.getTime() + 2 * DAY - MINUTE));
    await sweep();
    expect(reminders(p.operational_lead)).toHaveLength(0);

    h.clock.set(new Date(start.getTime() + 2 * DAY + MINUTE));
    await sweep();
    await sweep();
    for (const user of Object.values(p)) expect(reminders(user)).toHaveLength(1);
    expect(escalations(p.executive_sponsor)).toHaveLength(0);

    const first = reminders(p.operational_lead)[0] as SimMessage;
    expect(first.text).toBe(
      'Reminder: the gate review of Nudge cadence pilot is waiting for your answers as Ops ' +
        '(since Wed 25 Nov 2026, 10:00 (America/New_York)).',
    );
    const json = JSON.stringify(first.blocks);
    expect(json).toContain('This is the first reminder.');
    expect(json).toContain('KPIs validated on representative data');
    expect(json).toContain(`"action_id":"${Ids.review.answerButton}","value":"${reviewId}"`);
    expect(json).toContain(`"value":"1d:${reviewId}:1"`);

    h.clock.advance(23 * HOUR);
    await sweep();
    expect(reminders(p.operational_lead)).toHaveLength(1);

    h.clock.advance(HOUR);
    await sweep();
    for (const user of Object.values(p)) expect(reminders(user)).toHaveLength(2);
    const [escalation] = escalations(p.executive_sponsor);
    expect(escalation?.text).toBe(
      'The gate review of Nudge cadence pilot is still waiting on 4 stakeholders after repeated reminders.',
    );
    const listed = JSON.stringify(escalation?.blocks);
    for (const role of ROLE_IDS.filter((r) => r !== 'executive_sponsor')) expect(listed).toContain(`<@${p[role]}>`);
    expect(listed).not.toContain(`<@${p.executive_sponsor}>`);
    await sweep();
    expect(escalations(p.executive_sponsor)).toHaveLength(1);
    expect(h.sim.violations).toEqual([]);
  });

  it('stops nudging a role the moment its answers arrive, and everyone once the round is decided', async () => {
    const p = people('B');
    const start = new Date('2026-12-05T15:00:00Z');
    h.clock.set(start);
    const reviewId = await openReview(h, 'Nudge cancel pilot', p);
    h.clock.set(new Date(start.getTime() + 2 * DAY + MINUTE));
    await sweep();
    expect(reminders(p.operational_lead)).toHaveLength(1);

    await answerAs(h, { reviewId, role: 'operational_lead', userId: p.operational_lead, assessment: 'confirmed' });
    h.clock.advance(DAY);
    await sweep();
    expect(reminders(p.operational_lead)).toHaveLength(1);
    expect(reminders(p.technology_lead)).toHaveLength(2);

    // A recorded decision for the round (the decision feature writes decidedRound) ends all chasing.
    await reviews().updateOne({ _id: new mongoose.Types.ObjectId(reviewId) }, { $set: { decidedRound: 1 } });
    h.clock.advance(DAY);
    await sweep();
    expect(reminders(p.technology_lead)).toHaveLength(2);
    expect(h.sim.violations).toEqual([]);
  });

  it('defers a nudge inside quiet hours to the first allowed minute in the recipient’s time zone', async () => {
    const p = people('C');
    h.sim.setUser(p.technology_lead, { tz: 'Asia/Tokyo' });
    h.sim.setUser(p.operational_lead, { tz: 'America/New_York' });
    const start = new Date('2026-12-13T15:00:00Z');
    h.clock.set(start);
    await openReview(h, 'Nudge quiet hours pilot', p);

    // 15:01 UTC: 10:01 in New York (day), 00:01 in Tokyo (night, quiet 18:00-09:00).
    h.clock.set(new Date('2026-12-15T15:01:00Z'));
    await sweep();
    expect(reminders(p.operational_lead)).toHaveLength(1);
    expect(reminders(p.technology_lead)).toHaveLength(0);

    h.clock.set(new Date('2026-12-15T23:59:00Z')); // 08:59 in Tokyo
    await sweep();
    expect(reminders(p.technology_lead)).toHaveLength(0);

    h.clock.set(new Date('2026-12-16T00:00:00Z')); // 09:00 in Tokyo
    await sweep();
    expect(reminders(p.technology_lead)).toHaveLength(1);
    expect(reminders(p.technology_lead)[0]?.text).toContain('(since Mon 14 Dec 2026, 00:00 (Asia/Tokyo))');
    expect(reminders(p.operational_lead)).toHaveLength(1);
    expect(h.sim.violations).toEqual([]);
  });

  it('reads the workspace’s own cadence and quiet hours over the environment defaults', async () => {
    const p = people('W');
    const start = new Date('2027-02-01T03:00:00Z'); // 22:00 in New York: quiet by the default 18:00-09:00
    h.clock.set(start);
    await openReview(h, 'Nudge override pilot', p);
    const settings = h.server.deps.repos.workspaceSettings;
    await settings.save(h.sim.team.id, { nudgeFirstAfterMs: 30_000, quietHours: null }, [], 'U0ADMIN', start);
    try {
      h.clock.advance(29_000);
      await sweep();
      expect(reminders(p.operational_lead)).toHaveLength(0);
      h.clock.advance(2_000);
      await sweep();
      expect(reminders(p.operational_lead)).toHaveLength(1);
    } finally {
      await settings.save(h.sim.team.id, {}, [], 'U0ADMIN', start);
    }
    expect(h.sim.violations).toEqual([]);
  });
});
