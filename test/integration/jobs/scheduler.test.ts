import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadSettings } from '../../../src/config/settings.js';
import { loadManifests } from '../../../src/core/manifest.loader.js';
import { bindJob, type JobDefinition } from '../../../src/jobs/job-definition.js';
import type { JobScheduler } from '../../../src/jobs/scheduler.js';
import { systemClock } from '../../../src/shared/clock.js';
import { createLogger } from '../../../src/shared/logger.js';
import { eventually } from '../../support/app-harness.js';
import { composedWorker } from '../../support/job-worker.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const settings = loadSettings({
  NODE_ENV: 'test',
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret',
  JOB_POLL_INTERVAL: '100ms',
  JOB_SWEEP_EVERY: '300ms',
});
const logger = createLogger('silent');
const running: JobScheduler[] = [];

/** A scheduler with just these jobs (they need nothing), composed like the app's worker. */
// biome-ignore lint/suspicious/noExplicitAny: each test job validates its own data with `parse`.
function schedulerWith(jobs: JobDefinition<unknown, any>[]): { scheduler: JobScheduler } {
  const { scheduler } = composedWorker({
    settings,
    logger,
    clock: systemClock,
    manifests: loadManifests('manifests'),
    resolveToken: async () => 'xoxb-test',
    jobs: () => jobs.map((job) => bindJob(job, undefined)),
  });
  running.push(scheduler);
  return { scheduler };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await resetDatabase();
});

describe('JobScheduler on agenda (real database)', () => {
  it('runs a repeating job on its settings-derived interval, in real time', async () => {
    let runs = 0;
    const tick: JobDefinition = {
      name: 'test.tick',
      every: (s) => s.jobSweepEveryMs,
      parse: () => ({}),
      run: async () => {
        runs++;
      },
    };
    const { scheduler } = schedulerWith([tick]);
    await scheduler.start(settings);
    await eventually(() => runs >= 2, 5_000);
    expect(runs).toBeGreaterThanOrEqual(2);
  });

  it('keeps one schedule document per repeating job however many workers start', async () => {
    const job: JobDefinition = { name: 'test.single', every: () => 3_600_000, parse: () => ({}), run: async () => {} };
    await schedulerWith([job]).scheduler.start(settings);
    await schedulerWith([job]).scheduler.start(settings);
    expect(await mongoose.connection.collection('agendaJobs').countDocuments({ name: 'test.single' })).toBe(1);
  });

  it('runs an enqueued on-demand job with its validated data and retries a failure with backoff', async () => {
    const seen: string[] = [];
    let attempts = 0;
    const echo: JobDefinition<unknown, { pilotId: string }> = {
      name: 'test.echo',
      every: 'on-demand',
      parse: (d) => z.object({ pilotId: z.string().min(1) }).parse(d),
      run: async (_deps, data) => {
        attempts++;
        if (attempts === 1) throw new Error('transient');
        seen.push(data.pilotId);
      },
    };
    const { scheduler } = schedulerWith([echo]);
    await scheduler.start(settings);
    await scheduler.enqueue('test.echo', { pilotId: 'P1' });
    await eventually(() => seen.length === 1, 8_000);
    expect(seen).toEqual(['P1']);
    expect(attempts).toBe(2);
  });

  it('refuses bad job data before it is stored or run', async () => {
    let ran = false;
    const strict: JobDefinition<unknown, { n: number }> = {
      name: 'test.strict',
      every: 'on-demand',
      parse: (d) => z.object({ n: z.number() }).parse(d),
      run: async () => {
        ran = true;
      },
    };
    const { scheduler } = schedulerWith([strict]);
    await expect(scheduler.enqueue('test.strict', { n: 'one' })).rejects.toThrow();
    await expect(scheduler.runNow('test.strict', {})).rejects.toThrow();
    await expect(scheduler.runNow('test.unknown')).rejects.toThrow(/unknown job test.unknown/);
    expect(ran).toBe(false);
    expect(await mongoose.connection.collection('agendaJobs').countDocuments({ name: 'test.strict' })).toBe(0);
  });
});
