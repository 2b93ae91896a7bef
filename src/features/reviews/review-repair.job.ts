import { defineJob } from '../../jobs/job-definition.js';
import type { Logger } from '../../shared/logger.js';
import type { ReviewRepairService } from './review-repair.service.js';

export const reviewRepairJob = defineJob<{ repair: ReviewRepairService; logger: Logger }>({
  name: 'reviews.repair',
  every: (settings) => settings.jobSweepEveryMs,
  parse: () => ({}) as Record<string, never>,
  run: async ({ repair, logger }) => {
    const result = await repair.repair();
    if (Object.values(result).some((n) => n > 0)) logger.info({ job: 'reviews.repair', ...result }, 'repaired reviews');
  },
});
