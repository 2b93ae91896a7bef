import { describe, expect, it } from 'vitest';
import {
  cronPeriodMs,
  dailyCron,
  firstRunAt,
  nextCronAfter,
  scheduleSignature,
} from '../../../src/jobs/job-schedule.domain.js';

describe('job schedules', () => {
  it('a daily time becomes the cron of that minute', () => {
    expect(dailyCron('06:00')).toBe('0 6 * * *');
    expect(dailyCron('23:45')).toBe('45 23 * * *');
    expect(() => dailyCron('6am')).toThrow(/HH:MM/);
  });

  it('first runs one interval from now, or at the next cron moment (never the present one)', () => {
    const now = new Date('2026-11-25T13:10:46Z');
    expect(firstRunAt({ everyMs: 60_000 }, now)).toEqual(new Date('2026-11-25T13:11:46Z'));
    expect(firstRunAt({ cron: '0 6 * * *', timezone: 'UTC' }, now)).toEqual(new Date('2026-11-26T06:00:00Z'));
    expect(firstRunAt({ cron: '0 6 * * *', timezone: 'UTC' }, new Date('2026-11-25T05:59:59Z'))).toEqual(
      new Date('2026-11-25T06:00:00Z'),
    );
    expect(firstRunAt({ cron: '0 6 * * *', timezone: 'UTC' }, new Date('2026-11-25T06:00:00Z'))).toEqual(
      new Date('2026-11-26T06:00:00Z'),
    );
    expect(firstRunAt({ cron: '*/5 * * * * *', timezone: 'UTC' }, now)).toEqual(new Date('2026-11-25T13:10:50Z'));
  });

  it('names a cron it cannot read', () => {
    expect(() => nextCronAfter('every day', 'UTC', new Date())).toThrow(/cannot read the cron "every day"/);
  });

  it('the signature changes with the interval, the cron or its zone, and only then', () => {
    const a = scheduleSignature({ cron: '0 6 * * *', timezone: 'UTC' });
    expect(scheduleSignature({ cron: '0 6 * * *', timezone: 'UTC' })).toBe(a);
    expect(scheduleSignature({ cron: '30 7 * * *', timezone: 'UTC' })).not.toBe(a);
    expect(scheduleSignature({ cron: '0 6 * * *', timezone: 'Europe/Berlin' })).not.toBe(a);
    expect(scheduleSignature({ everyMs: 60_000 })).not.toBe(scheduleSignature({ everyMs: 120_000 }));
  });

  it('measures the shortest gap between a cron’s moments', () => {
    expect(cronPeriodMs('0 9 * * 1')).toBe(7 * 86_400_000);
    expect(cronPeriodMs('* * * * *')).toBe(60_000);
    expect(cronPeriodMs('0 9 * * 1-5')).toBe(86_400_000);
    expect(cronPeriodMs('*/4 * * * * *')).toBe(4_000);
    expect(cronPeriodMs('not a cron')).toBeNull();
  });
});
