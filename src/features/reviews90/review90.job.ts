import { z } from 'zod';
import { dailyOrEveryThreshold } from '../../jobs/job-cadence.policy.js';
import type { JobDefinition } from '../../jobs/job-definition.js';
import { REPAIR_GRACE_MS } from '../reviews/review-repair.domain.js';
import { Review90Service } from './review90.service.js';

/**
 * Daily at DAILY_JOBS_AT (or every REVIEW_90D_AFTER, when under a day): opens the 90-day review of each
 * pilot in production for review90dAfter (SPEC §3).
 */
export const review90OpenJob: JobDefinition = {
  name: 'review90.open',
  every: (settings) => dailyOrEveryThreshold([settings.cadence.review90dAfterMs], settings),
  parse: (data) =>
    z
      .object({})
      .loose()
      .parse(data ?? {}) as Record<string, never>,
  async run(deps) {
    const summary = await new Review90Service(deps).openDue(deps.clock.now());
    if (summary.opened + summary.failed > 0)
      deps.logger.info({ job: 'review90.open', ...summary }, '90-day reviews opened');
  },
};

/** Finishes 90-day review entries whose later steps (audit events, stage move) stalled. */
export const review90RepairJob: JobDefinition = {
  name: 'review90.repair',
  every: (settings) => settings.jobSweepEveryMs,
  parse: () => ({}) as Record<string, never>,
  async run(deps) {
    const before = new Date(deps.clock.now().getTime() - REPAIR_GRACE_MS);
    const finished = await new Review90Service(deps).finishStalled(before);
    if (finished > 0) deps.logger.info({ job: 'review90.repair', finished }, '90-day reviews finished');
  },
};
