/**
 * Another app instance's worker on the test database: composed by the app's own compose(), with its
 * own scheduler, notifier and Slack clients, and every job bound as src/app/job-registry.ts binds it.
 */
import mongoose from 'mongoose';
import { compose } from '../../src/app/compose.js';
import type { Composed } from '../../src/app/composed.js';
import { registeredJobs } from '../../src/app/job-registry.js';
import { createJobScheduler } from '../../src/app/worker.js';
import type { Settings } from '../../src/config/settings.js';
import type { ManifestSet } from '../../src/core/manifest.domain.js';
import type { BoundJob } from '../../src/jobs/job-definition.js';
import type { JobScheduler } from '../../src/jobs/scheduler.js';
import { Metrics } from '../../src/metrics/metrics.js';
import type { Clock } from '../../src/shared/clock.js';
import type { Logger } from '../../src/shared/logger.js';
import type { TokenResolver } from '../../src/slack/slack-clients.js';

export interface WorkerOptions {
  settings: Settings;
  logger: Logger;
  clock: Clock;
  manifests: ManifestSet;
  /** Each workspace's bot token (default: the env token for every team). */
  resolveToken?: TokenResolver;
  /** The jobs to attach (default: the app's registry). */
  jobs?: (app: Composed) => readonly BoundJob[];
}

export function composedWorker(opts: WorkerOptions): { scheduler: JobScheduler; deps: Composed } {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const metrics = new Metrics();
  const scheduler = createJobScheduler(db, opts.settings, opts.logger, metrics);
  const deps = compose({
    settings: opts.settings,
    logger: opts.logger,
    clock: opts.clock,
    manifests: opts.manifests,
    resolveToken: opts.resolveToken ?? (async () => 'xoxb-test-token'),
    jobs: scheduler,
    metrics,
  });
  scheduler.attach((opts.jobs ?? registeredJobs)(deps));
  return { scheduler, deps };
}
