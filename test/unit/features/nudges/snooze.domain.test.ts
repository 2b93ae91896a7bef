import { describe, expect, it } from 'vitest';
import { snoozeFor, snoozeUntilDate, tomorrowIn } from '../../../../src/features/nudges/snooze.domain.js';

const now = new Date('2026-12-22T15:01:00Z'); // 10:01 in New York, 00:01 on the 23rd in Tokyo

describe('snooze', () => {
  it('1 hour and 1 day from now', () => {
    expect(snoozeFor('1h', now).toISOString()).toBe('2026-12-22T16:01:00.000Z');
    expect(snoozeFor('1d', now).toISOString()).toBe('2026-12-23T15:01:00.000Z');
  });

  it.each([
    ['2026-12-25', 'America/New_York', { ok: true, until: new Date('2026-12-25T05:00:00Z') }],
    ['2026-12-24', 'Asia/Tokyo', { ok: true, until: new Date('2026-12-23T15:00:00Z') }],
    ['2026-12-22', 'America/New_York', { ok: false, error: 'Pick a date after today' }],
    ['2026-12-23', 'Asia/Tokyo', { ok: false, error: 'Pick a date after today' }],
    ['2028-01-01', 'UTC', { ok: false, error: 'Pick a date within a year' }],
    ['not-a-date', 'UTC', { ok: false, error: 'Pick a date' }],
  ])('until %s in %s', (date, tz, expected) => {
    expect(snoozeUntilDate(date, now, tz)).toEqual(expected);
  });

  it('offers tomorrow in the recipient’s zone', () => {
    expect(tomorrowIn(now, 'America/New_York')).toBe('2026-12-23');
    expect(tomorrowIn(now, 'Asia/Tokyo')).toBe('2026-12-24');
  });
});
