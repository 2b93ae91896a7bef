import { describe, expect, it } from 'vitest';
import { slackDate } from '../../../src/slack/slack-date.js';

describe('slackDate', () => {
  it('writes a day token with the ISO day as its fallback', () => {
    expect(slackDate('2026-01-01')).toBe('<!date^1767225600^{date_short_pretty}|2026-01-01>');
  });
  it('writes a day-and-time token with a UTC fallback', () => {
    expect(slackDate(new Date('2026-01-01T09:30:00Z'), 'dayAndTime')).toBe(
      '<!date^1767259800^{date_short_pretty} at {time}|2026-01-01 09:30 UTC>',
    );
  });
});
