import { describe, expect, it } from 'vitest';
import {
  cronFromSchedule,
  DIGEST_DAYS,
  describeSchedule,
  scheduleFromCron,
} from '../../../../src/features/settings/digest-schedule.domain.js';

describe('digest schedule ↔ cron', () => {
  it.each([
    ['0 9 * * 1', { day: '1', time: '09:00' }],
    ['30 16 * * 5', { day: '5', time: '16:30' }],
    ['0 8 * * 1-5', { day: '1-5', time: '08:00' }],
    ['5 0 * * *', { day: '*', time: '00:05' }],
    ['0 9 * * 7', { day: '0', time: '09:00' }],
    ['0 9 * * mon', { day: '1', time: '09:00' }],
    ['0 9 * * MON-FRI', { day: '1-5', time: '09:00' }],
  ])('reads %s as a day and a time', (cron, schedule) => {
    expect(scheduleFromCron(cron)).toEqual(schedule);
  });

  it.each(['*/15 8-18 * * 1', '0 9 1 * *', '0 9 * 1 1', '0 9 * * 1,3', '0 9 * *', '*/10 * * * * *', '0 24 * * 1'])(
    'has no picker form for %s',
    (cron) => {
      expect(scheduleFromCron(cron)).toBeUndefined();
    },
  );

  it('every choice round-trips: picker → cron → picker', () => {
    for (const { value } of DIGEST_DAYS) {
      for (const time of ['00:00', '09:05', '23:59']) {
        expect(scheduleFromCron(cronFromSchedule({ day: value, time }))).toEqual({ day: value, time });
      }
    }
  });

  it('writes the cron the digest job reads, and says the schedule in words', () => {
    expect(cronFromSchedule({ day: '1', time: '09:00' })).toBe('0 9 * * 1');
    expect(() => cronFromSchedule({ day: '1', time: '9am' })).toThrow('digest time must be HH:mm, got "9am"');
    expect(describeSchedule({ day: '1-5', time: '08:30' })).toBe('Every weekday (Monday to Friday) at 08:30');
  });
});
