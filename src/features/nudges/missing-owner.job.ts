import { defineJob } from '../../jobs/job-definition.js';
import type { Logger } from '../../shared/logger.js';
import type { MissingOwnerService } from './missing-owner.service.js';
import { SweepJobData } from './nudge.schema.js';

/**
 * Every JOB_SWEEP_EVERY (so within a minute of a review opening, by default), and deduped to one DM
 * per review per day in the recipient's time zone: roles without a person, or no named operational owner.
 */
export const missingOwnerJob = defineJob<{ missingOwners: MissingOwnerService; logger: Logger }>({
  name: 'owners.check',
  every: (settings) => settings.jobSweepEveryMs,
  parse: (data) => SweepJobData.parse(data ?? {}) as Record<string, never>,
  run: async ({ missingOwners, logger }) => {
    const summary = await missingOwners.sweep();
    if (summary.failed > 0) logger.warn({ job: 'owners.check', ...summary }, 'owner check finished with failures');
  },
});
