import { describe, expect, it } from 'vitest';
import {
  type CadenceSettings,
  DIGEST_CHECK_MAX_MS,
  dailyOrEveryThreshold,
  digestCheck,
  MIN_JOB_PERIOD_MS,
} from '../../../src/jobs/job-cadence.policy.js';

const DAY = 86_400_000;
const production: CadenceSettings = { dailyJobsAt: '06:00', secondScaleCadence: false };
const demo: CadenceSettings = { dailyJobsAt: '06:00', secondScaleCadence: true };

describe('job cadences derived from the settings', () => {
  it('a job watching day-scale thresholds runs daily at DAILY_JOBS_AT (UTC)', () => {
    expect(dailyOrEveryThreshold([90 * DAY, 180 * DAY, 14 * DAY], production)).toEqual({
      cron: '0 6 * * *',
      timezone: 'UTC',
    });
    expect(dailyOrEveryThreshold([DAY], { ...production, dailyJobsAt: '23:30' })).toEqual({
      cron: '30 23 * * *',
      timezone: 'UTC',
    });
  });

  it('a threshold under a day runs the job every that threshold, seconds only in tests and demos', () => {
    expect(dailyOrEveryThreshold([15_000, 3_600_000, 14 * DAY], demo)).toEqual({ everyMs: 15_000 });
    expect(dailyOrEveryThreshold([15_000, 3_600_000], production)).toEqual({ everyMs: MIN_JOB_PERIOD_MS });
    expect(dailyOrEveryThreshold([6 * 3_600_000], production)).toEqual({ everyMs: 6 * 3_600_000 });
    expect(dailyOrEveryThreshold([200], demo)).toEqual({ everyMs: 1_000 });
  });

  it('the digest check runs twice per DIGEST_CRON period, at most five minutes apart', () => {
    expect(digestCheck('0 9 * * 1', production)).toEqual({ everyMs: DIGEST_CHECK_MAX_MS });
    expect(digestCheck('* * * * *', production)).toEqual({ everyMs: 30_000 });
    expect(digestCheck('*/4 * * * * *', demo)).toEqual({ everyMs: 2_000 });
    expect(digestCheck('*/4 * * * * *', production)).toEqual({ everyMs: MIN_JOB_PERIOD_MS });
    expect(digestCheck('unreadable', production)).toEqual({ everyMs: DIGEST_CHECK_MAX_MS });
  });
});
