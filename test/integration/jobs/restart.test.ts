/**
 * Restarts never move a schedule: every start of an instance or worker keeps each repeating job's next
 * run, unless that job's interval or cron changed; daily jobs run at DAILY_JOBS_AT (UTC).
 */
import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { compose } from '../../../src/app/compose.js';
import type { Composed } from '../../../src/app/composed.js';
import { registeredJobs } from '../../../src/app/job-registry.js';
import { loadSettings, type Settings } from '../../../src/config/settings.js';
import { loadManifests } from '../../../src/core/manifest.loader.js';
import { createAgenda } from '../../../src/jobs/agenda.js';
import { type BoundJob, bindJob, type JobDefinition } from '../../../src/jobs/job-definition.js';
import type { JobScheduler } from '../../../src/jobs/scheduler.js';
import { systemClock } from '../../../src/shared/clock.js';
import { createLogger } from '../../../src/shared/logger.js';
import { eventually } from '../../support/app-harness.js';
import { composedWorker } from '../../support/job-worker.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const baseEnv = {
  NODE_ENV: 'test',
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret',
  JOB_POLL_INTERVAL: '100ms',
};
const settingsWith = (env: Record<string, string> = {}): Settings => loadSettings({ ...baseEnv, ...env });
const logger = createLogger('silent');
const running: JobScheduler[] = [];
const jobsCollection = () => mongoose.connection.collection('agendaJobs');
const manifests = loadManifests('manifests');
const JOBS = registeredJobs;
const REPEATING = registeredJobs(
  compose({ settings: settingsWith(), logger, clock: systemClock, manifests, resolveToken: async () => 'xoxb-test' }),
)
  .filter((j) => j.every !== 'on-demand')
  .map((j) => j.name);
/** Just these jobs (they need nothing), instead of the app's registry. */
const only =
  (...defs: JobDefinition[]) =>
  (): readonly BoundJob[] =>
    defs.map((d) => bindJob(d, undefined));

type Jobs = (app: Composed) => readonly BoundJob[];

function schedulerWith(jobs: Jobs, settings: Settings): JobScheduler {
  const { scheduler } = composedWorker({ settings, logger, clock: systemClock, manifests, jobs });
  running.push(scheduler);
  return scheduler;
}

/** One instance's life: start, then stop (the deploy, autoscale or crash that follows). */
async function startAndStop(jobs: Jobs, settings: Settings): Promise<void> {
  const scheduler = schedulerWith(jobs, settings);
  await scheduler.start(settings);
  await scheduler.stop();
}

async function nextRuns(): Promise<Record<string, number>> {
  const docs = await jobsCollection().find({ type: 'single' }).toArray();
  return Object.fromEntries(docs.map((d) => [d.name as string, (d.nextRunAt as Date).getTime()]));
}

/** The next HH:MM UTC strictly after `now`. */
function nextUtc(now: Date, hh: number, mm: number): number {
  const at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hh, mm);
  return at > now.getTime() ? at : at + 86_400_000;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await resetDatabase();
});

describe('repeating jobs across restarts (real database)', () => {
  it('five restarts keep every registered job’s next run where the first start put it', async () => {
    const settings = settingsWith();
    await startAndStop(JOBS, settings);
    const first = await nextRuns();
    expect(Object.keys(first).sort()).toEqual([...REPEATING].sort());
    for (let restart = 0; restart < 5; restart++) await startAndStop(JOBS, settings);
    expect(await nextRuns()).toEqual(first);
    for (const name of REPEATING) expect(await jobsCollection().countDocuments({ name })).toBe(1);
  });

  it('a job restarted five times within one interval still runs once, at its time', async () => {
    const runs: number[] = [];
    const tick: JobDefinition = {
      name: 'test.restarted',
      every: () => 3_000,
      parse: () => ({}),
      run: async () => {
        runs.push(Date.now());
      },
    };
    const settings = settingsWith();
    const startedAt = Date.now();
    for (let restart = 0; restart < 5; restart++) {
      await startAndStop(only(tick), settings);
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    await schedulerWith(only(tick), settings).start(settings);
    await eventually(() => runs.length >= 1, 5_000);
    await new Promise((r) => setTimeout(r, 600));
    expect(runs).toHaveLength(1);
    // At its time: one interval after the first start, give or take the poll and a loaded machine.
    expect((runs[0] as number) - startedAt).toBeGreaterThanOrEqual(2_900);
    expect((runs[0] as number) - startedAt).toBeLessThan(3_800);
  });

  it('daily jobs first run at the next DAILY_JOBS_AT (UTC), not a day after whenever the app started', async () => {
    const settings = settingsWith({ DAILY_JOBS_AT: '06:00' });
    const now = new Date();
    await startAndStop(JOBS, settings);
    const runs = await nextRuns();
    expect(runs['purgatory.scan']).toBe(nextUtc(now, 6, 0));
    expect(runs['review90.open']).toBe(nextUtc(now, 6, 0));
  });

  it('recomputes a job’s next run only when its interval or cron changes', async () => {
    await startAndStop(JOBS, settingsWith({ JOB_SWEEP_EVERY: '1h', DAILY_JOBS_AT: '06:00' }));
    const before = await nextRuns();
    await startAndStop(JOBS, settingsWith({ JOB_SWEEP_EVERY: '1h', DAILY_JOBS_AT: '06:00' }));
    expect(await nextRuns()).toEqual(before);

    const now = Date.now();
    await startAndStop(JOBS, settingsWith({ JOB_SWEEP_EVERY: '2m', DAILY_JOBS_AT: '07:30' }));
    const after = await nextRuns();
    expect(after['nudges.sweep']).toBeGreaterThanOrEqual(now + 120_000);
    expect(after['nudges.sweep']).toBeLessThan(now + 125_000);
    expect(after['purgatory.scan']).toBe(nextUtc(new Date(now), 7, 30));
    // Jobs whose cadence did not change keep their next run.
    expect(after['plans.reminders']).toBe(before['plans.reminders']);
    expect(after['digests.weekly']).toBe(before['digests.weekly']);
  });

  it('two workers starting at the same moment agree on one schedule document per job', async () => {
    const settings = settingsWith();
    const a = schedulerWith(JOBS, settings);
    const b = schedulerWith(JOBS, settings);
    await Promise.all([a.start(settings), b.start(settings)]);
    for (const name of REPEATING) expect(await jobsCollection().countDocuments({ name })).toBe(1);
  });

  it('takes over a schedule an older version created with agenda.every, leaving one document per job', async () => {
    const settings = settingsWith({ DAILY_JOBS_AT: '06:00' });
    const db = mongoose.connection.db;
    if (!db) throw new Error('not connected');
    const legacy = createAgenda(db, 100);
    await legacy.every('1 day', 'purgatory.scan', undefined, { skipImmediate: true });
    const now = new Date();
    await startAndStop(JOBS, settings);
    expect(await jobsCollection().countDocuments({ name: 'purgatory.scan' })).toBe(1);
    expect((await nextRuns())['purgatory.scan']).toBe(nextUtc(now, 6, 0));
  });
});
