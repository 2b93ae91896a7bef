import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../../src/config/settings.js';
import {
  cronProblem,
  draftFromCadence,
  SettingsField,
  validateSettings,
} from '../../../../src/features/settings/settings-form.domain.js';

const defaults = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).cadence;

describe('cronProblem', () => {
  it.each(['0 9 * * 1', '*/15 8-18 * * mon-fri', '30 9 1,15 * *', '0 0 * jan sun'])('accepts %s', (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
  });

  it.each([
    ['0 9 * *', 'Write 5 fields: minute hour day-of-month month day-of-week, e.g. 0 9 * * 1'],
    ['60 9 * * 1', 'The minute field "60" is not valid (0–59, *, ranges a-b, steps */n, lists a,b)'],
    ['0 9 * 13 1', 'The month field "13" is not valid (1–12, *, ranges a-b, steps */n, lists a,b)'],
    ['0 9 * * */0', 'The day of week field "*/0" is not valid (0–7, *, ranges a-b, steps */n, lists a,b)'],
    ['every monday', 'Write 5 fields: minute hour day-of-month month day-of-week, e.g. 0 9 * * 1'],
  ])('rejects %s', (cron, message) => {
    expect(cronProblem(cron)).toBe(message);
  });
});

describe('validateSettings', () => {
  it('the form as shown saves no overrides at all', () => {
    expect(validateSettings(draftFromCadence(defaults, ['U1']), defaults)).toEqual({
      ok: true,
      overrides: {},
      gateAdmins: ['U1'],
    });
  });

  it('keeps only what differs from the defaults; empty quiet hours turn them off', () => {
    const draft = { ...draftFromCadence(defaults, []), nudgeEveryMs: '4h', escalateAfterNudges: '5', quietHours: '' };
    expect(validateSettings(draft, defaults)).toEqual({
      ok: true,
      overrides: { nudgeEveryMs: 4 * 3_600_000, escalateAfterNudges: 5, quietHours: null },
      gateAdmins: [],
    });
  });

  it('names every bad field by its block id', () => {
    const draft = { ...draftFromCadence(defaults, []), staleAfterMs: '0d', escalateAfterNudges: '2.5' };
    expect(validateSettings(draft, defaults)).toEqual({
      ok: false,
      errors: {
        [SettingsField.staleAfterMs]: 'Write a duration such as 30m, 2d or 1w',
        [SettingsField.escalateAfterNudges]: 'Write a whole number from 1 to 50',
      },
    });
  });

  it('refuses reminder cadences under one minute, as start-up does, unless the floor is lifted (tests)', () => {
    const draft = { ...draftFromCadence(defaults, []), nudgeFirstAfterMs: '30s', nudgeEveryMs: '59s' };
    const message = 'Reminders this frequent would message people every few seconds: write at least 1m';
    expect(validateSettings(draft, defaults)).toEqual({
      ok: false,
      errors: { [SettingsField.nudgeFirstAfterMs]: message, [SettingsField.nudgeEveryMs]: message },
    });
    expect(validateSettings(draft, defaults, 0)).toMatchObject({ ok: true });
  });
});
