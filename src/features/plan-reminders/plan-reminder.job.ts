import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { PlanReminderService } from './plan-reminder.service.js';

/**
 * Hourly, so a failed send is retried the same day; the per-item-per-day dedupe key makes it one DM a day.
 */
export const planRemindersJob = defineJob<{ reminders: PlanReminderService; clock: Clock; logger: Logger }>({
  name: 'plans.reminders',
  every: () => 60 * 60_000,
  parse: (data) =>
    z
      .object({})
      .loose()
      .parse(data ?? {}) as Record<string, never>,
  async run({ reminders, clock, logger }) {
    const summary = await reminders.remind(clock.now());
    if (summary.sent + summary.failed > 0) logger.info({ job: 'plans.reminders', ...summary }, 'plan reminders');
  },
});
