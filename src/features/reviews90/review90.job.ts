import { z } from 'zod';
import { dailyOrEveryThreshold } from '../../jobs/job-cadence.policy.js';
import { defineJob } from '../../jobs/job-definition.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { REPAIR_GRACE_MS } from '../reviews/review-repair.domain.js';
import type { Review90Service } from './review90.service.js';

type Needs = { review90: Review90Service; clock: Clock; logger: Logger };

/**
 * Daily at DAILY_JOBS_AT (or every REVIEW_90D_AFTER, when under a day): opens the 90-day review of each
 * pilot in production for review90dAfter.
 */
export const review90OpenJob = defineJob<Needs>({
  name: 'review90.open',
  every: (settings) => dailyOrEveryThreshold([settings.cadence.review90dAfterMs], settings),
  parse: (data) =>
    z
      .object({})
      .loose()
      .parse(data ?? {}) as Record<string, never>,
  async run({ review90, clock, logger }) {
    const summary = await review90.openDue(clock.now());
    if (summary.opened + summary.failed > 0) logger.info({ job: 'review90.open', ...summary }, '90-day reviews opened');
  },
});

/** Finishes 90-day review entries whose later steps (audit events, stage move) stalled. */
export const review90RepairJob = defineJob<Needs>({
  name: 'review90.repair',
  every: (settings) => settings.jobSweepEveryMs,
  parse: () => ({}) as Record<string, never>,
  async run({ review90, clock, logger }) {
    const before = new Date(clock.now().getTime() - REPAIR_GRACE_MS);
    const finished = await review90.finishStalled(before);
    if (finished > 0) logger.info({ job: 'review90.repair', finished }, '90-day reviews finished');
  },
});
