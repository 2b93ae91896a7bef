import type { Deps } from '../deps.js';

/**
 * A scheduled job, declared by its feature and wired into agenda in one place (src/jobs).
 * `run` must be idempotent: agenda may run it again after a crash, and several workers share jobs.
 */
export interface JobDefinition<Data = Record<string, never>> {
  /** Agenda job name, feature-prefixed, e.g. `purgatory.scan`. */
  name: string;
  /** A repeating schedule (cron string, or an interval such as '1 day'), or 'on-demand' for jobs scheduled with data. */
  every: string | 'on-demand';
  /** Parses the stored job data (validate with zod); throwing marks the job failed with the message. */
  parse(data: unknown): Data;
  run(deps: Deps, data: Data): Promise<void>;
}
