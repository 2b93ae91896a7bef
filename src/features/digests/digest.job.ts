import { z } from 'zod';
import { digestCheck } from '../../jobs/job-cadence.policy.js';
import { defineJob } from '../../jobs/job-definition.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { DigestService } from './digest.service.js';

/**
 * Twice per DIGEST_CRON period (at most every 5 minutes): sends each sponsor's weekly digest once its
 * `digestCron` moment has passed in the sponsor's own time zone (one cron per workspace, many zones, so
 * agenda's single-zone cron cannot do it).
 */
export const weeklyDigestJob = defineJob<{ digests: DigestService; clock: Clock; logger: Logger }>({
  name: 'digests.weekly',
  every: (settings) => digestCheck(settings.cadence.digestCron, settings),
  parse: (data) =>
    z
      .object({})
      .loose()
      .parse(data ?? {}) as Record<string, never>,
  async run({ digests, clock, logger }) {
    const summary = await digests.runAll(clock.now());
    if (summary.due > 0) logger.info({ job: 'digests.weekly', ...summary }, 'digests sent');
  },
});
