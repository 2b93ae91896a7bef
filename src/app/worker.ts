import type { Db } from 'mongodb';
import type { Settings } from '../config/settings.js';
import { createAgenda } from '../jobs/agenda.js';
import { JobScheduler, type JobTimer } from '../jobs/scheduler.js';
import type { Logger } from '../shared/logger.js';
import type { Composed } from './composed.js';
import { registeredJobs } from './job-registry.js';

/** The agenda scheduler on the app database; it is the job queue the services are composed with. */
export function createJobScheduler(db: Db, settings: Settings, logger: Logger, timer?: JobTimer): JobScheduler {
  return new JobScheduler(createAgenda(db, settings.jobPollIntervalMs), logger, timer);
}

/**
 * Gives the scheduler every job bound to its services (any process can then enqueue and `runNow`),
 * and starts processing when `processJobs` is true (the worker, or combined mode unless JOBS=off).
 */
export async function startWorker(scheduler: JobScheduler, app: Composed, processJobs: boolean): Promise<void> {
  scheduler.attach(registeredJobs(app));
  if (processJobs) await scheduler.start(app.settings);
}
