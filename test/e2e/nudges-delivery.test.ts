import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { ROLE_IDS, type RoleId } from '../../src/core/catalog.domain.js';
import type { JobScheduler } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/shared/logger.js';
import { eventually, useApp } from '../support/app-harness.js';
import { reviewIdOf } from '../support/flows/answer.js';
import { registerPilot } from '../support/flows/register.js';
import { composedWorker } from '../support/job-worker.js';

// Second-scale cadence, run by agenda itself in real time: the sweep every second, polled every 200 ms.
const h = useApp({
  now: new Date('2026-11-25T15:00:00Z'),
  env: {
    NUDGE_FIRST_AFTER: '2s',
    NUDGE_EVERY: '1s',
    ESCALATE_AFTER_NUDGES: '50',
    QUIET_HOURS: '',
    JOB_SWEEP_EVERY: '1s',
    JOB_POLL_INTERVAL: '200ms',
  },
});

type People = Record<RoleId, string>;
const people = (tag: string): People =>
  Object.fromEntries(ROLE_IDS.map((r, i) => [r, `U0${tag}${'SOTGC'[i]}`])) as People;
const reminders = (user: string) => h.sim.dmsTo(user).filter((m) => m.text.startsWith('Reminder:'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const everyone = (p: People, n: number) => Object.values(p).every((u) => reminders(u).length === n);

/** A second app instance's worker: its own agenda, notifier and Slack client, the same database. */
function secondWorker(): JobScheduler {
  const { settings } = h.server.deps;
  return composedWorker({
    settings,
    logger: createLogger('silent'),
    clock: h.clock,
    manifests: h.server.deps.manifests.current,
  }).scheduler;
}

let worker2: JobScheduler | undefined;
afterAll(async () => {
  await worker2?.stop();
});

async function openReview(name: string, p: People): Promise<string> {
  const ack = await registerPilot(h, { name, stakeholders: p, date: '2027-12-31' }, p.executive_sponsor);
  expect(ack.text).toBe('');
  const reviewId = await eventually(() => reviewIdOf(h, name));
  for (const user of Object.values(p)) await eventually(() => h.sim.dmsTo(user).length > 0);
  return reviewId;
}

describe('exactly-once delivery with agenda on a second-scale cadence', () => {
  it('two workers polling one database send each nudge once', async () => {
    worker2 = secondWorker();
    await worker2.start(h.server.deps.settings);
    const p = people('H');
    await openReview('Two workers pilot', p);

    h.clock.advance(2_100);
    await eventually(() => everyone(p, 1), 8_000);
    await sleep(2_500); // several more sweeps by both workers, clock unchanged: nothing new is due
    for (const user of Object.values(p)) expect(reminders(user)).toHaveLength(1);

    h.clock.advance(1_100);
    await eventually(() => everyone(p, 2), 8_000);
    await sleep(1_500);
    for (const user of Object.values(p)) expect(reminders(user)).toHaveLength(2);

    // Both workers' sweeps at the very same moment, outside agenda's lock: the dedupe keys decide.
    h.clock.advance(1_100);
    await Promise.all([h.server.jobs.runNow('nudges.sweep'), worker2.runNow('nudges.sweep')]);
    await eventually(() => everyone(p, 3), 8_000);
    await sleep(500);
    for (const user of Object.values(p)) expect(reminders(user)).toHaveLength(3);
    expect(h.sim.violations).toEqual([]);
  });

  it('waits out a 429 (Retry-After) and delivers the nudge once', async () => {
    const p = people('J');
    await openReview('Rate limited pilot', p);
    h.sim.inject('chat.postMessage', { retryAfter: 1 });
    const started = Date.now();
    h.clock.advance(2_100);
    await h.server.jobs.runNow('nudges.sweep');
    await eventually(() => everyone(p, 1), 8_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(h.sim.stats.injected).toBe(1);
    expect(h.sim.callsTo('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(1);
    await sleep(1_200);
    for (const user of Object.values(p)) expect(reminders(user)).toHaveLength(1);
  });

  it('retries a failed send on a later run and records the attempts, never dropping it', async () => {
    const p = people('K');
    const reviewId = await openReview('Failing send pilot', p);
    h.sim.inject('chat.postMessage', { error: 'fatal_error' });
    h.clock.advance(2_100);
    await h.server.jobs.runNow('nudges.sweep');
    await eventually(() => everyone(p, 1), 8_000);
    // The failed send (whichever nudge it hit: earlier pilots are due again too) was retried and sent.
    const failed = await eventually(async () => {
      const docs = await mongoose.connection
        .collection('deliveries')
        .find({ lastError: /fatal_error/ })
        .toArray();
      return docs.length === 1 && docs[0]?.state === 'sent' ? docs[0] : null;
    }, 8_000);
    expect(failed.attempts).toBe(2);
    expect(
      await mongoose.connection.collection('deliveries').countDocuments({ key: { $regex: `^nudge:${reviewId}:r1:` } }),
    ).toBe(5);
  });
});
