import type { Settings } from '../config/settings.js';
import { DAY_MS } from '../shared/time.js';
import { cronPeriodMs, dailyCron, type JobSchedule } from './job-schedule.domain.js';

/** Outside tests and demos no derived cadence runs a job more often than this (a 15s threshold is a typo there). */
export const MIN_JOB_PERIOD_MS = 30_000;
/** With NODE_ENV=test or DEMO_CADENCE=on, second-scale settings are honoured down to this. */
export const SECOND_SCALE_MIN_PERIOD_MS = 1_000;
/** The digest check never waits longer than this (a workspace may move its digest to any minute). */
export const DIGEST_CHECK_MAX_MS = 5 * 60_000;

export type CadenceSettings = Pick<Settings, 'dailyJobsAt' | 'secondScaleCadence'>;

const floorOf = (settings: CadenceSettings): number =>
  settings.secondScaleCadence ? SECOND_SCALE_MIN_PERIOD_MS : MIN_JOB_PERIOD_MS;

/** `ms`, but never below the floor of this deployment's mode. */
export const boundedPeriod = (ms: number, settings: CadenceSettings): number => Math.max(ms, floorOf(settings));

/** Once a day at DAILY_JOBS_AT (UTC). */
export const daily = (settings: CadenceSettings): JobSchedule => ({
  cron: dailyCron(settings.dailyJobsAt),
  timezone: 'UTC',
});

/**
 * Daily at DAILY_JOBS_AT, unless the shortest threshold the job watches is under a day: then every that
 * threshold, so a crossing is seen within one period of it (tests and demos run the cadence in seconds).
 */
export function dailyOrEveryThreshold(thresholdsMs: number[], settings: CadenceSettings): JobSchedule {
  const shortest = Math.min(...thresholdsMs);
  return shortest >= DAY_MS ? daily(settings) : { everyMs: boundedPeriod(shortest, settings) };
}

/**
 * How often the digest looks for sponsors whose `digestCron` moment passed: twice per period of the
 * cron (so no moment is missed between two checks), at most DIGEST_CHECK_MAX_MS apart.
 */
export function digestCheck(digestCron: string, settings: CadenceSettings): JobSchedule {
  const period = cronPeriodMs(digestCron);
  const half = period === null ? DIGEST_CHECK_MAX_MS : Math.floor(period / 2);
  return { everyMs: boundedPeriod(Math.min(DIGEST_CHECK_MAX_MS, half), settings) };
}
