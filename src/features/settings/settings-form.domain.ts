/**
 * The `/gate settings` form: what it shows (the cadence in force) and what a submission may save.
 * Only values that differ from the environment defaults become workspace overrides, so a later change
 * of the defaults still reaches workspaces that never touched that setting.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Cadence } from '../../config/settings.js';
import { NUDGE_CADENCE_FLOOR } from '../../config/settings.schema.js';
import { formatQuietHours, parseQuietHours } from '../../core/quiet-hours.domain.js';
import { formatDuration, parseDuration } from '../../shared/duration.js';
import { SettingsField } from '../../slack/ids.js';
import type { WorkspaceOverrides } from './workspace-settings.domain.js';

export const DURATION_FIELDS = [
  'nudgeFirstAfterMs',
  'nudgeEveryMs',
  'staleAfterMs',
  'purgatoryWarnAfterMs',
  'purgatoryAfterMs',
  'review90dAfterMs',
] as const;
type DurationField = (typeof DURATION_FIELDS)[number];

/** Its block ids live with every other Slack id in slack/ids.ts; re-exported for the rules that key errors by them. */
export { SettingsField };

/** The form as typed: every value text, except the admins picked from Slack's user list. */
export type SettingsDraft = Record<Exclude<keyof typeof SettingsField, 'gateAdmins'>, string> & {
  gateAdmins: string[];
};

export function draftFromCadence(cadence: Cadence, gateAdmins: string[]): SettingsDraft {
  const durations = Object.fromEntries(DURATION_FIELDS.map((f) => [f, formatDuration(cadence[f])])) as Record<
    DurationField,
    string
  >;
  return {
    ...durations,
    escalateAfterNudges: String(cadence.escalateAfterNudges),
    digestCron: cadence.digestCron,
    quietHours: formatQuietHours(cadence.quietHours),
    gateAdmins: [...gateAdmins],
  };
}

const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;
const NAMES: Record<string, number> = Object.fromEntries([
  ...['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1]),
  ...['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d, i) => [d, i]),
]);

/** What is wrong with a 5-field cron string (minute hour day-of-month month day-of-week), if anything. */
export function cronProblem(text: string): string | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5 || !text.trim())
    return 'Write 5 fields: minute hour day-of-month month day-of-week, e.g. 0 9 * * 1';
  for (const [index, part] of parts.entries()) {
    const { name, min, max } = CRON_FIELDS[index]!;
    for (const item of part.split(',')) {
      const match = /^(\*|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/(\d+))?$/i.exec(item);
      const value = (v: string | undefined) => (v === undefined ? undefined : (NAMES[v.toLowerCase()] ?? Number(v)));
      const [from, to] = [value(match?.[2]), value(match?.[3])];
      const bad = (v: number | undefined) => v !== undefined && !(Number.isInteger(v) && v >= min && v <= max);
      if (!match || bad(from) || bad(to) || (match[4] !== undefined && Number(match[4]) < 1)) {
        return `The ${name} field "${item}" is not valid (${min}–${max}, *, ranges a-b, steps */n, lists a,b)`;
      }
    }
  }
  // The digest scheduler parses with cron-parser: whatever is saved here, it must be able to run.
  try {
    CronExpressionParser.parse(text.trim());
  } catch (error) {
    return `This cron cannot be scheduled: ${(error as Error).message}`.slice(0, 150);
  }
  return undefined;
}

export type SettingsValidation =
  | { ok: true; overrides: WorkspaceOverrides; gateAdmins: string[] }
  | { ok: false; errors: Record<string, string> };

/** The reminder cadences that start-up also holds to `NUDGE_CADENCE_FLOOR`. */
const NUDGE_FIELDS: readonly DurationField[] = ['nudgeFirstAfterMs', 'nudgeEveryMs'];

/**
 * Checks every field and returns the overrides (values that differ from the defaults) or field errors.
 * `minNudgeMs` is the shortest reminder cadence allowed (start-up's floor; tests pass 0).
 */
export function validateSettings(
  draft: SettingsDraft,
  defaults: Cadence,
  minNudgeMs: number = NUDGE_CADENCE_FLOOR.ms,
): SettingsValidation {
  const errors: Record<string, string> = {};
  const overrides: WorkspaceOverrides = {};
  const parsed: Partial<Record<DurationField, number>> = {};
  for (const field of DURATION_FIELDS) {
    const ms = parseDuration(draft[field]);
    if (ms === undefined || ms <= 0) errors[SettingsField[field]] = 'Write a duration such as 30m, 2d or 1w';
    else if (NUDGE_FIELDS.includes(field) && ms < minNudgeMs)
      errors[SettingsField[field]] =
        `Reminders this frequent would message people every few seconds: write at least ${NUDGE_CADENCE_FLOOR.text}`;
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
  const cron = cronProblem(draft.digestCron);
  if (cron) errors[SettingsField.digestCron] = cron;
  const quiet = draft.quietHours.trim();
  if (quiet && !/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(quiet)) {
    errors[SettingsField.quietHours] = 'Write HH:MM-HH:MM such as 18:00-09:00, or leave empty to turn quiet hours off';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  for (const field of DURATION_FIELDS) if (parsed[field] !== defaults[field]) overrides[field] = parsed[field];
  if (escalate !== defaults.escalateAfterNudges) overrides.escalateAfterNudges = escalate;
  const digestCron = draft.digestCron.trim().replace(/\s+/g, ' ');
  if (digestCron !== defaults.digestCron) overrides.digestCron = digestCron;
  if (quiet !== formatQuietHours(defaults.quietHours)) overrides.quietHours = quiet ? parseQuietHours(quiet) : null;
  return { ok: true, overrides, gateAdmins: [...new Set(draft.gateAdmins)] };
}
