import type { Settings } from '../config/settings.js';
import type { Deps } from '../deps.js';

/**
 * A scheduled job, declared by its feature and wired into agenda in one place (src/jobs).
 * `run` must be idempotent: agenda may run it again after a crash, and several workers share jobs.
 */
export interface JobDefinition<Data = Record<string, never>> {
  /** Agenda job name, feature-prefixed, e.g. `purgatory.scan`. */
  name: string;
  /**
   * A repeating schedule (cron string, or an interval such as '1 day'), or 'on-demand' for jobs scheduled with data.
   * A function reads the interval from the settings (a number is milliseconds), so tests can run it in seconds.
   */
  every: string | 'on-demand' | ((settings: Settings) => string | number);
  /** Time zone for a cron `every` (default UTC). */
  timezone?: string;
  /** Parses the stored job data (validate with zod); throwing marks the job failed with the message. */
  parse(data: unknown): Data;
  run(deps: Deps, data: Data): Promise<void>;
}

/** Enqueues on-demand jobs from services and listeners; agenda stores them, any worker runs them. */
export interface JobQueue {
  /** Runs `name` with `data` as soon as a worker is free, or at `at`. */
  enqueue(name: string, data: Record<string, unknown>, at?: Date): Promise<void>;
}
