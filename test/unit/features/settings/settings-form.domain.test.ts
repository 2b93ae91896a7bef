import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../../src/config/settings.js';
import {
  draftFromCadence,
  type SettingsDraft,
  SettingsField,
  settingsUnitBlock,
  validateSettings,
} from '../../../../src/features/settings/settings-form.domain.js';

const defaults = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).cadence;
const shown = (): SettingsDraft => draftFromCadence(defaults, []);
const withDuration = (draft: SettingsDraft, field: keyof SettingsDraft['durations'], amount: string, unit: string) => ({
  ...draft,
  durations: { ...draft.durations, [field]: { amount, unit } },
});

describe('draftFromCadence', () => {
  it('shows the defaults as numbers with units, a day and a time, and quiet hours as two times', () => {
    const draft = draftFromCadence(defaults, ['U1']);
    expect(draft.durations.nudgeFirstAfterMs).toEqual({ amount: '2', unit: 'days' });
    expect(draft.durations.staleAfterMs).toEqual({ amount: '2', unit: 'weeks' });
    expect(draft.durations.purgatoryAfterMs).toEqual({ amount: '180', unit: 'days' });
    expect([draft.digestDay, draft.digestTime, draft.quietStart, draft.quietEnd]).toEqual([
      '1',
      '09:00',
      '18:00',
      '09:00',
    ]);
  });

  it('leaves the digest pickers empty for a custom cron, and empty pickers keep that cron', () => {
    const custom = { ...defaults, digestCron: '*/15 8-18 * * mon-fri' };
    const draft = draftFromCadence(custom, []);
    expect([draft.digestDay, draft.digestTime]).toEqual(['', '']);
    expect(validateSettings(draft, defaults, undefined, custom.digestCron)).toMatchObject({
      ok: true,
      overrides: { digestCron: '*/15 8-18 * * mon-fri' },
    });
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

  it('keeps only what differs from the defaults; empty quiet hours turn them off; a picked day and time become the cron', () => {
    const draft = {
      ...withDuration(shown(), 'nudgeEveryMs', '4', 'hours'),
      escalateAfterNudges: '5',
      quietStart: '',
      quietEnd: '',
      digestDay: '5',
      digestTime: '16:30',
    };
    expect(validateSettings(draft, defaults)).toEqual({
      ok: true,
      overrides: { nudgeEveryMs: 4 * 3_600_000, escalateAfterNudges: 5, quietHours: null, digestCron: '30 16 * * 5' },
      gateAdmins: [],
    });
  });

  it.each([
    ['regulated', {}],
    ['', {}],
    ['all', { separationOfDuties: 'all' }],
    ['off', { separationOfDuties: 'off' }],
  ])('separation of duties %j saves overrides %j (regulated pilots only is the default)', (choice, overrides) => {
    expect(validateSettings({ ...shown(), separationOfDuties: choice }, defaults)).toEqual({
      ok: true,
      overrides,
      gateAdmins: [],
    });
  });

  it('opens with the workspace’s separation-of-duties choice, and refuses one that is not offered', () => {
    expect(shown().separationOfDuties).toBe('regulated');
    expect(draftFromCadence(defaults, [], 'off').separationOfDuties).toBe('off');
    expect(validateSettings({ ...shown(), separationOfDuties: 'sometimes' }, defaults)).toEqual({
      ok: false,
      errors: { [SettingsField.separationOfDuties]: 'Pick one of the choices' },
    });
  });

  it('the confirmation validity is a number with a unit like the other durations, saved only when changed', () => {
    expect(shown().durations.confirmationValidForMs).toEqual({ amount: '90', unit: 'days' });
    expect(validateSettings(withDuration(shown(), 'confirmationValidForMs', '26', 'weeks'), defaults)).toEqual({
      ok: true,
      overrides: { confirmationValidForMs: 26 * 604_800_000 },
      gateAdmins: [],
    });
    const bad = validateSettings(withDuration(shown(), 'confirmationValidForMs', '', 'days'), defaults);
    expect(bad).toEqual({
      ok: false,
      errors: {
        [SettingsField.confirmationValidForMs]:
          'Write a whole number, such as 2, then pick minutes, hours, days or weeks',
      },
    });
  });

  it('names every bad field by its block id', () => {
    const draft = { ...withDuration(shown(), 'staleAfterMs', '0', ''), escalateAfterNudges: '2.5' };
    expect(validateSettings(draft, defaults)).toEqual({
      ok: false,
      errors: {
        [SettingsField.staleAfterMs]: 'Write a whole number, such as 2, then pick minutes, hours, days or weeks',
        [settingsUnitBlock(SettingsField.staleAfterMs)]: 'Pick minutes, hours, days or weeks',
        [SettingsField.escalateAfterNudges]: 'Write a whole number from 1 to 50',
      },
    });
  });

  it('a half-filled digest or quiet-hours pair says which half is missing; a tampered time is refused', () => {
    const draft = { ...shown(), digestDay: '', digestTime: '25:00', quietStart: '18:00', quietEnd: '' };
    expect(validateSettings(draft, defaults)).toEqual({
      ok: false,
      errors: {
        [SettingsField.digestDay]: 'Pick the day of the digest too, or clear its time to keep the schedule',
        [SettingsField.digestTime]: 'Pick a time such as 09:00',
        [SettingsField.quietEnd]: 'Pick when quiet hours end too, or clear both to turn quiet hours off',
      },
    });
  });

  it('refuses reminder cadences under one minute, as start-up does, unless the floor is lifted (tests)', () => {
    const draft = withDuration(
      withDuration(shown(), 'nudgeFirstAfterMs', '30', 'seconds'),
      'nudgeEveryMs',
      '59',
      'seconds',
    );
    const message = 'Reminders this often would message people every few seconds: choose at least 1 minute';
    expect(validateSettings(draft, defaults)).toEqual({
      ok: false,
      errors: { [SettingsField.nudgeFirstAfterMs]: message, [SettingsField.nudgeEveryMs]: message },
    });
    expect(validateSettings(draft, defaults, 0)).toMatchObject({ ok: true });
  });
});
