/**
 * The `/gate settings` form: what it shows (the cadence in force, as numbers with units, a day and a
 * time) and what a submission may save. Only values that differ from the environment defaults become
 * workspace overrides, so a later change of the defaults still reaches workspaces that never touched
 * that setting.
 */
import type { Cadence } from '../../config/settings.js';
import { NUDGE_CADENCE_FLOOR } from '../../config/settings.schema.js';
import { formatQuietHours, parseQuietHours } from '../../core/quiet-hours.domain.js';
import { SettingsField, settingsUnitBlock } from '../../slack/ids.js';
import {
  cronFromSchedule,
  type DigestDay,
  isDigestDay,
  isDigestTime,
  scheduleFromCron,
} from './digest-schedule.domain.js';
import { choiceFromMs, describeDuration, isDurationUnit, msFromChoice } from './duration-choice.domain.js';
import {
  DEFAULT_SEPARATION,
  isSeparationChoice,
  type SeparationOfDuties,
  type WorkspaceOverrides,
} from './workspace-settings.domain.js';

export const DURATION_FIELDS = [
  'nudgeFirstAfterMs',
  'nudgeEveryMs',
  'staleAfterMs',
  'purgatoryWarnAfterMs',
  'purgatoryAfterMs',
  'review90dAfterMs',
  'confirmationValidForMs',
] as const;
export type DurationField = (typeof DURATION_FIELDS)[number];

/** Its block ids live with every other Slack id in slack/ids.ts; re-exported for the rules that key errors by them. */
export { SettingsField, settingsUnitBlock };

/** A duration as typed: the number input's text and the unit picked ('' when none). */
export interface DurationDraft {
  amount: string;
  unit: string;
}

/** The form as filled in; '' stands for an empty picker. */
export interface SettingsDraft {
  durations: Record<DurationField, DurationDraft>;
  escalateAfterNudges: string;
  digestDay: string;
  digestTime: string;
  quietStart: string;
  quietEnd: string;
  gateAdmins: string[];
  /** One of SEPARATION_CHOICES, or '' (a form opened before the choice: the default). */
  separationOfDuties: string;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

export function draftFromCadence(
  cadence: Cadence,
  gateAdmins: string[],
  separation: SeparationOfDuties = DEFAULT_SEPARATION,
): SettingsDraft {
  const durations = Object.fromEntries(
    DURATION_FIELDS.map((f) => {
      const { amount, unit } = choiceFromMs(cadence[f]);
      return [f, { amount: String(amount), unit }];
    }),
  ) as Record<DurationField, DurationDraft>;
  // A custom cron has no day-and-time form: the pickers open empty and, left empty, keep it.
  const schedule = scheduleFromCron(cadence.digestCron);
  const [quietStart, quietEnd] = cadence.quietHours ? formatQuietHours(cadence.quietHours).split('-') : ['', ''];
  return {
    durations,
    escalateAfterNudges: String(cadence.escalateAfterNudges),
    digestDay: schedule?.day ?? '',
    digestTime: schedule?.time ?? '',
    quietStart: quietStart ?? '',
    quietEnd: quietEnd ?? '',
    gateAdmins: [...gateAdmins],
    separationOfDuties: separation,
  };
}

export type SettingsValidation =
  | { ok: true; overrides: WorkspaceOverrides; gateAdmins: string[] }
  | { ok: false; errors: Record<string, string> };

/** The reminder cadences that start-up also holds to `NUDGE_CADENCE_FLOOR`. */
const NUDGE_FIELDS: readonly DurationField[] = ['nudgeFirstAfterMs', 'nudgeEveryMs'];

function durationMs(draft: DurationDraft, field: DurationField, errors: Record<string, string>): number | undefined {
  const amount = draft.amount.trim();
  const ok = /^\d+$/.test(amount) && Number(amount) >= 1;
  if (!ok) errors[SettingsField[field]] = 'Write a whole number, such as 2, then pick minutes, hours, days or weeks';
  if (!isDurationUnit(draft.unit))
    errors[settingsUnitBlock(SettingsField[field])] = 'Pick minutes, hours, days or weeks';
  return ok && isDurationUnit(draft.unit) ? msFromChoice({ amount: Number(amount), unit: draft.unit }) : undefined;
}

/** The digest cron the form asks for; undefined with errors, or `inForce` when both pickers are left empty. */
function digestCron(draft: SettingsDraft, inForce: string, errors: Record<string, string>): string | undefined {
  const [day, time] = [draft.digestDay.trim(), draft.digestTime.trim()];
  if (!day && !time) return inForce;
  if (!day) errors[SettingsField.digestDay] = 'Pick the day of the digest too, or clear its time to keep the schedule';
  else if (!isDigestDay(day)) errors[SettingsField.digestDay] = 'Pick a day from the list';
  if (!time)
    errors[SettingsField.digestTime] = 'Pick the time of the digest too, or clear its day to keep the schedule';
  else if (!isDigestTime(time)) errors[SettingsField.digestTime] = 'Pick a time such as 09:00';
  const valid = isDigestDay(day) && isDigestTime(time);
  return valid ? cronFromSchedule({ day: day as DigestDay, time }) : undefined;
}

function quietHoursText(draft: SettingsDraft, errors: Record<string, string>): string | undefined {
  const [start, end] = [draft.quietStart.trim(), draft.quietEnd.trim()];
  if (!start && !end) return '';
  const blank = 'or clear both to turn quiet hours off';
  if (!start) errors[SettingsField.quietStart] = `Pick when quiet hours start too, ${blank}`;
  else if (!isDigestTime(start)) errors[SettingsField.quietStart] = 'Pick a time such as 18:00';
  if (!end) errors[SettingsField.quietEnd] = `Pick when quiet hours end too, ${blank}`;
  else if (!isDigestTime(end)) errors[SettingsField.quietEnd] = 'Pick a time such as 09:00';
  if (isDigestTime(start) && isDigestTime(end) && minutes(start) === minutes(end))
    errors[SettingsField.quietEnd] = `Pick an end different from the start, ${blank}`;
  return isDigestTime(start) && isDigestTime(end) ? `${start}-${end}` : undefined;
}

/**
 * Checks every field and returns the overrides (values that differ from the defaults) or field errors.
 * `minNudgeMs` is the shortest reminder cadence allowed (start-up's floor; tests pass 0); `inForceDigestCron`
 * is the digest schedule kept when both digest pickers are left empty.
 */
export function validateSettings(
  draft: SettingsDraft,
  defaults: Cadence,
  minNudgeMs: number = NUDGE_CADENCE_FLOOR.ms,
  inForceDigestCron: string = defaults.digestCron,
): SettingsValidation {
  const errors: Record<string, string> = {};
  const overrides: WorkspaceOverrides = {};
  const parsed: Partial<Record<DurationField, number>> = {};
  for (const field of DURATION_FIELDS) {
    const ms = durationMs(draft.durations[field], field, errors);
    if (ms === undefined) continue;
    if (NUDGE_FIELDS.includes(field) && ms < minNudgeMs)
      errors[SettingsField[field]] =
        `Reminders this often would message people every few seconds: choose at least ${describeDuration(NUDGE_CADENCE_FLOOR.ms)}`;
    else parsed[field] = ms;
  }
  if (
    parsed.purgatoryWarnAfterMs &&
    parsed.purgatoryAfterMs &&
    parsed.purgatoryAfterMs <= parsed.purgatoryWarnAfterMs
  ) {
    errors[SettingsField.purgatoryAfterMs] = 'Must be longer than “at risk after”';
  }
  const escalate = Number(draft.escalateAfterNudges.trim());
  if (!/^\d+$/.test(draft.escalateAfterNudges.trim()) || escalate < 1 || escalate > 50) {
    errors[SettingsField.escalateAfterNudges] = 'Write a whole number from 1 to 50';
  }
  const separation = draft.separationOfDuties.trim() || DEFAULT_SEPARATION;
  if (!isSeparationChoice(separation)) errors[SettingsField.separationOfDuties] = 'Pick one of the choices';
  const cron = digestCron(draft, inForceDigestCron, errors);
  const quiet = quietHoursText(draft, errors);
  if (Object.keys(errors).length > 0 || cron === undefined || quiet === undefined) return { ok: false, errors };
  for (const field of DURATION_FIELDS) if (parsed[field] !== defaults[field]) overrides[field] = parsed[field];
  if (escalate !== defaults.escalateAfterNudges) overrides.escalateAfterNudges = escalate;
  if (cron !== defaults.digestCron) overrides.digestCron = cron;
  if (quiet !== formatQuietHours(defaults.quietHours)) overrides.quietHours = quiet ? parseQuietHours(quiet) : null;
  if (isSeparationChoice(separation) && separation !== DEFAULT_SEPARATION) overrides.separationOfDuties = separation;
  return { ok: true, overrides, gateAdmins: [...new Set(draft.gateAdmins)] };
}
