import { z } from 'zod';
import type { JobDefinition } from '../../jobs/job-definition.js';
import { PlanReminderService } from './plan-reminder.service.js';

/**
 * Hourly, so a failed send is retried the same day; the per-item-per-day dedupe key makes it one DM a day.
 */
export const planRemindersJob: JobDefinition = {
  name: 'plans.reminders',
  every: () => 60 * 60_000,
  parse: (data) =>
    z
      .object({})
      .loose()
      .parse(data ?? {}) as Record<string, never>,
  async run(deps) {
    const summary = await new PlanReminderService(deps).remind(deps.clock.now());
    if (summary.sent + summary.failed > 0) deps.logger.info({ job: 'plans.reminders', ...summary }, 'plan reminders');
  },
};
