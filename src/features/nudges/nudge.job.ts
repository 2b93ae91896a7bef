import { defineJob } from '../../jobs/job-definition.js';
import type { Logger } from '../../shared/logger.js';
import { SweepJobData } from './nudge.schema.js';
import type { NudgeService } from './nudge.service.js';

/**
 * Every JOB_SWEEP_EVERY: nudge whoever owes answers and is due (cadence, snooze, quiet hours), and tell
 * sponsors about the late. Idempotent: each nudge has a dedupe key, so a rerun or a second worker sends nothing twice.
 */
export const nudgeSweepJob = defineJob<{ nudges: NudgeService; logger: Logger }>({
  name: 'nudges.sweep',
  every: (settings) => settings.jobSweepEveryMs,
  parse: (data) => SweepJobData.parse(data ?? {}) as Record<string, never>,
  run: async ({ nudges, logger }) => {
    const summary = await nudges.sweep();
    if (summary.failed > 0) logger.warn({ job: 'nudges.sweep', ...summary }, 'nudge sweep finished with failures');
  },
});
