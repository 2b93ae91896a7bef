import type { Deps } from '../app/deps.js';
import type { Settings } from '../config/settings.js';
import type { JobSchedule } from './job-schedule.domain.js';

/**
 * A scheduled job, declared by its feature and wired into agenda in one place (src/jobs).
 * `run` must be idempotent: agenda may run it again after a crash, and several workers share jobs.
 */
export interface JobDefinition<Data = Record<string, never>> {
  /** Agenda job name, feature-prefixed, e.g. `purgatory.scan`. */
  name: string;
  /**
   * 'on-demand' for jobs scheduled with data, or the repeating schedule read from the settings (a number
   * is an interval in milliseconds; see job-cadence.policy.ts), so tests and demos run it in seconds.
   * A restart keeps the stored next run unless this schedule changed (schedule-store.ts).
   */
  every: 'on-demand' | ((settings: Settings) => number | JobSchedule);
  /** Parses the stored job data (validate with zod); throwing marks the job failed with the message. */
  parse(data: unknown): Data;
  run(deps: Deps, data: Data): Promise<void>;
}

/** Enqueues on-demand jobs from services and listeners; agenda stores them, any worker runs them. */
export interface JobQueue {
  /** Runs `name` with `data` as soon as a worker is free, or at `at`. */
  enqueue(name: string, data: Record<string, unknown>, at?: Date): Promise<void>;
}
