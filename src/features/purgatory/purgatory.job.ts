import { z } from 'zod';
import type { JobDefinition } from '../../jobs/job-definition.js';
import { PurgatoryService } from './purgatory.service.js';

/** Daily: set and clear the purgatory and drift flags of every pilot; alert on crossings (SPEC §3). */
export const purgatoryScanJob: JobDefinition = {
  name: 'purgatory.scan',
  every: '1 day',
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
