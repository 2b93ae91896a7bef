import type { Settings } from '../config/settings.js';
import type { JobSchedule } from './job-schedule.domain.js';

/**
 * A scheduled job, declared by its feature and wired into agenda in one place (src/jobs).
 * `Needs` is what its handler uses (its services, a clock, a logger): src/app/job-registry.ts binds
 * each job to those from the composed app, so a job never reaches for anything else.
 * `run` must be idempotent: agenda may run it again after a crash, and several workers share jobs.
 */
export interface JobDefinition<Needs = unknown, Data = Record<string, never>> {
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
  run(needs: Needs, data: Data): Promise<void>;
}

/** Declares a job and what its handler needs: `defineJob<{ digests: DigestService }>({ … })`. */
export function defineJob<Needs, Data = Record<string, never>>(
  definition: JobDefinition<Needs, Data>,
): JobDefinition<Needs, Data> {
  return definition;
}

/** A job given what it needs: what the scheduler defines with agenda and runs. */
export interface BoundJob {
  name: string;
  every: JobDefinition['every'];
  parse(data: unknown): unknown;
  run(data: unknown): Promise<void>;
}

/** Binds a definition to its needs (the data passed to `run` is what `parse` returned). */
export function bindJob<Needs, Data>(definition: JobDefinition<Needs, Data>, needs: Needs): BoundJob {
  return {
    name: definition.name,
    every: definition.every,
    parse: (data) => definition.parse(data),
    run: (data) => definition.run(needs, data as Data),
  };
}

/** Enqueues on-demand jobs from services and listeners; agenda stores them, any worker runs them. */
export interface JobQueue {
  /** Runs `name` with `data` as soon as a worker is free, or at `at`. */
  enqueue(name: string, data: Record<string, unknown>, at?: Date): Promise<void>;
}
