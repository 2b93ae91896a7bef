/**
 * Concurrency: two app instances run the same scheduled job at the very same moment (outside agenda's
 * lock, the worst case), twice over. Every scheduled message goes out exactly once: purgatory alerts,
 * weekly digests, plan reminders and 90-day review invites. (Nudges, with agenda's own polling on a
 * one-second cadence: test/e2e/nudges-delivery.test.ts.)
 */
import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { STALE_CLAIM_MS } from '../../src/features/delivery/delivery.repo.js';
import type { JobScheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/shared/logger.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll } from '../support/flows/answer.js';
import { newReview } from '../support/flows/decide.js';
import { CHANNEL, STAKEHOLDERS } from '../support/flows/register.js';
import { composedWorker } from '../support/job-worker.js';

const START = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400_000;
const h = useApp({ now: START, env: { JOBS: 'off' } });

/** A second app instance: its own scheduler, notifier and Slack clients, the same database and clock. */
function secondWorker(): JobScheduler {
  const { settings } = h.server.deps;
  return composedWorker({
    settings,
    logger: createLogger('silent'),
    clock: h.clock,
    manifests: h.server.deps.manifests.current,
  }).scheduler;
}

/** Both instances run `job` at once; then both again (a second sweep finds nothing new to send). */
async function onBothTwice(job: string): Promise<void> {
  const other = secondWorker();
  for (let round = 0; round < 2; round++) {
    await Promise.all([h.server.jobs.runNow(job), other.runNow(job)]);
  }
  // Sends finish inside the job; a moment more lets any stray late one show up before counting.
  await new Promise((r) => setTimeout(r, 300));
}

const team = () => h.sim.team.id;
const pilotId = async (name: string) =>
  String((await mongoose.connection.collection('pilots').findOne({ teamId: team(), name }))?._id);
const dmsStartingWith = (user: string, prefix: string) => h.sim.dmsTo(user).filter((m) => m.text.startsWith(prefix));
const inChannel = (needle: string) => (h.sim.messages.get(CHANNEL) ?? []).filter((m) => m.text.includes(needle));

afterEach(() => {
  expect(h.sim.violations).toEqual([]);
});

describe('two workers run each scheduled job at the same moment', () => {
  it('purgatory scan: one at-risk alert, later one purgatory alert', async () => {
    h.clock.set(START);
    const reviewId = await newReview(h, 'Two-worker purgatory');
    await answerAll(h, reviewId);
    h.clock.advance(91 * DAY);
    await onBothTwice('purgatory.scan');
    expect(inChannel('At risk of pilot purgatory')).toHaveLength(1);
    h.clock.advance(90 * DAY);
    await onBothTwice('purgatory.scan');
    expect(inChannel('In pilot purgatory')).toHaveLength(1);
  });

  it('weekly digest: one digest for the sponsor at 09:00 their time', async () => {
    h.clock.set(START);
    h.sim.setUser('U0DIGESTSP', { tz: 'Europe/Berlin' });
    await newReview(h, 'Two-worker digest', { stakeholders: { executive_sponsor: 'U0DIGESTSP' } });
    h.clock.set(new Date('2026-11-30T08:02:00Z'));
    await onBothTwice('digests.weekly');
    expect(dmsStartingWith('U0DIGESTSP', 'Your weekly PilotGate digest')).toHaveLength(1);
  });

  it('plan reminders: one reminder for an item due in two days', async () => {
    h.clock.set(START);
    const reviewId = await newReview(h, 'Two-worker plan', { stakeholders: { governance_lead: 'U0PLANOWNER' } });
    const id = await pilotId('Two-worker plan');
    await h.server.deps.repos.pilots.setStage(team(), id, 'in_review', 'pre_production');
    await h.server.deps.repos.reviews.addPlanItems([
      {
        teamId: team(),
        reviewId,
        pilotId: id,
        round: 1,
        signal: 'governance',
        action: 'Document the use-case approval',
        ownerId: 'U0PLANOWNER',
        dueDate: '2026-11-27',
      },
    ]);
    await onBothTwice('plans.reminders');
    expect(dmsStartingWith('U0PLANOWNER', 'Due in')).toHaveLength(1);
  });

  it('90-day review: one invite each to the sponsor and the ops lead', async () => {
    h.clock.set(START);
    await newReview(h, 'Two-worker ninety');
    const id = await pilotId('Two-worker ninety');
    await h.server.deps.repos.pilots.setStage(team(), id, 'in_review', 'production', { productionAt: START });
    h.clock.advance(91 * DAY);
    await onBothTwice('review90.open');
    const invites = (user: string) => h.sim.dmsTo(user).filter((m) => m.text.startsWith('Time for the 90-day review'));
    expect(invites(STAKEHOLDERS.executive_sponsor)).toHaveLength(1);
    expect(invites(STAKEHOLDERS.operational_lead)).toHaveLength(1);
  });

  it('a worker whose claim expired during a long rate-limit wait neither resends nor marks: one alert', async () => {
    // Alerts still owed to the pilots of the tests above go out first, so the next alert is this pilot's.
    h.clock.set(new Date(START.getTime() + 400 * DAY));
    await h.server.jobs.runNow('purgatory.scan');
    const reviewId = await newReview(h, 'Two-worker slow send', { date: '2028-06-01' });
    await answerAll(h, reviewId);
    h.clock.advance(91 * DAY);
    const other = secondWorker();
    const posts = () => h.sim.callsTo('chat.postMessage').length;
    const before = posts();
    // The first worker's alert is rate-limited for 2 s; meanwhile its claim goes stale and the other
    // worker takes the alert over and sends it.
    h.sim.inject('chat.postMessage', { retryAfter: 2 });
    const slow = h.server.jobs.runNow('purgatory.scan');
    await eventually(() => posts() > before);
    h.clock.advance(STALE_CLAIM_MS + 60_000);
    await other.runNow('purgatory.scan');
    await slow;
    await new Promise((r) => setTimeout(r, 300));
    const alerts = inChannel('At risk of pilot purgatory').filter((m) => m.text.includes('Two-worker slow send'));
    expect(alerts).toHaveLength(1);
    const record = await mongoose.connection
      .collection('deliveries')
      .findOne({ key: { $regex: `^purgatory:${await pilotId('Two-worker slow send')}:` } });
    expect(record).toMatchObject({ state: 'sent', ts: alerts[0]?.ts });
  }, 30_000);
});
