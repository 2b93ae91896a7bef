import { z } from 'zod';
import { dailyOrEveryThreshold } from '../../jobs/job-cadence.policy.js';
import type { JobDefinition } from '../../jobs/job-definition.js';
import { PurgatoryService } from './purgatory.service.js';

/**
 * Daily at DAILY_JOBS_AT (or every threshold, when one is under a day): set and clear the purgatory and
 * drift flags of every pilot; alert on crossings (SPEC §3).
 */
export const purgatoryScanJob: JobDefinition = {
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
  async run(deps) {
    const summary = await new PurgatoryService(deps).scanAll(deps.clock.now());
    deps.logger.info({ job: 'purgatory.scan', ...summary }, 'purgatory scan done');
  },
};
