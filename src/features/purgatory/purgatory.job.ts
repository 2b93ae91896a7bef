import { z } from 'zod';
import { dailyOrEveryThreshold } from '../../jobs/job-cadence.policy.js';
import { defineJob } from '../../jobs/job-definition.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { PurgatoryService } from './purgatory.service.js';

/**
 * Daily at DAILY_JOBS_AT (or every threshold, when one is under a day): set and clear the purgatory and
 * drift flags of every pilot; alert on crossings.
 */
export const purgatoryScanJob = defineJob<{ purgatory: PurgatoryService; clock: Clock; logger: Logger }>({
  name: 'purgatory.scan',
  every: (settings) => {
    const c = settings.cadence;
    return dailyOrEveryThreshold([c.purgatoryWarnAfterMs, c.purgatoryAfterMs, c.staleAfterMs], settings);
  },
  parse: (data) =>
    z
      .object({})
      .loose()
      .parse(data ?? {}) as Record<string, never>,
  async run({ purgatory, clock, logger }) {
    const summary = await purgatory.scanAll(clock.now());
    logger.info({ job: 'purgatory.scan', ...summary }, 'purgatory scan done');
  },
});
