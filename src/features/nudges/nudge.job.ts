import type { JobDefinition } from '../../jobs/job-definition.js';
import { SweepJobData } from './nudge.schema.js';
import { nudgeServiceFor } from './nudge.service.js';

/**
 * Every JOB_SWEEP_EVERY: nudge whoever owes answers and is due (cadence, snooze, quiet hours), and tell
 * sponsors about the late. Idempotent: each nudge has a dedupe key, so a rerun or a second worker sends nothing twice.
 */
export const nudgeSweepJob: JobDefinition = {
  name: 'nudges.sweep',
  every: (settings) => settings.jobSweepEveryMs,
  parse: (data) => SweepJobData.parse(data ?? {}) as Record<string, never>,
  run: async (deps) => {
    const summary = await nudgeServiceFor(deps).sweep();
    if (summary.failed > 0) deps.logger.warn({ job: 'nudges.sweep', ...summary }, 'nudge sweep finished with failures');
  },
};
