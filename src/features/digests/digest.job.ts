import { z } from 'zod';
import { digestCheck } from '../../jobs/job-cadence.policy.js';
import type { JobDefinition } from '../../jobs/job-definition.js';
import { DigestService } from './digest.service.js';

/**
 * Twice per DIGEST_CRON period (at most every 5 minutes): sends each sponsor's weekly digest once its
 * `digestCron` moment has passed in the sponsor's own time zone (one cron per workspace, many zones, so
 * agenda's single-zone cron cannot do it).
 */
export const weeklyDigestJob: JobDefinition = {
  name: 'digests.weekly',
  every: (settings) => digestCheck(settings.cadence.digestCron, settings),
  parse: (data) =>
    z
      .object({})
      .loose()
      .parse(data ?? {}) as Record<string, never>,
  async run(deps) {
    const summary = await new DigestService(deps).runAll(deps.clock.now());
    if (summary.due > 0) deps.logger.info({ job: 'digests.weekly', ...summary }, 'digests sent');
  },
};
