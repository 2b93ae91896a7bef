/**
 * The weekly digest's schedule as people choose it (a day and a time) and as the digest job reads it
 * (a 5-field cron). Only the schedules the picker can show convert back; any other cron (a deployment's
 * custom one) has no picker form, and the form says so instead of showing a cron string.
 */

/** The day choices of the picker; the value is the cron day-of-week field it stands for. */
export const DIGEST_DAYS = [
  { value: '1', label: 'Monday' },
  { value: '2', label: 'Tuesday' },
  { value: '3', label: 'Wednesday' },
  { value: '4', label: 'Thursday' },
  { value: '5', label: 'Friday' },
  { value: '6', label: 'Saturday' },
  { value: '0', label: 'Sunday' },
  { value: '1-5', label: 'Every weekday (Monday to Friday)' },
  { value: '*', label: 'Every day' },
] as const;
export type DigestDay = (typeof DIGEST_DAYS)[number]['value'];

/** A schedule as the picker holds it: a day choice and a 24-hour `HH:mm` time. */
export interface DigestSchedule {
  day: DigestDay;
  time: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_NAMES: Record<string, string> = { sun: '0', mon: '1', tue: '2', wed: '3', thu: '4', fri: '5', sat: '6' };

/** Cron's day-of-week spellings for the picker's choices (7 is Sunday too; names and `mon-fri` as written by hand). */
function dayChoice(field: string): DigestDay | undefined {
  const lower = field.toLowerCase();
  if (lower === '7') return '0';
  if (lower === 'mon-fri') return '1-5';
  const folded = DAY_NAMES[lower] ?? lower;
  return DIGEST_DAYS.find((d) => d.value === folded)?.value;
}

export function isDigestDay(value: string): value is DigestDay {
  return DIGEST_DAYS.some((d) => d.value === value);
}

export function isDigestTime(value: string): boolean {
  return TIME.test(value);
}

/** The cron the digest job runs for a picked day and time: `0 9 * * 1` for Monday 09:00. */
export function cronFromSchedule({ day, time }: DigestSchedule): string {
  const match = TIME.exec(time);
  if (!match) throw new RangeError(`digest time must be HH:mm, got "${time}"`);
  return `${Number(match[2])} ${Number(match[1])} * * ${day}`;
}

/** The picker's day and time for a cron, or undefined when the cron is not "one time on these days". */
export function scheduleFromCron(cron: string): DigestSchedule | undefined {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts as [string, string, string, string, string];
  if (dayOfMonth !== '*' || month !== '*' || !/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour)) return undefined;
  const [h, m] = [Number(hour), Number(minute)];
  const day = dayChoice(dayOfWeek);
  if (h > 23 || m > 59 || !day) return undefined;
  return { day, time: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}` };
}

/** The schedule in words: "Monday at 09:00", "Every weekday (Monday to Friday) at 08:30". */
export function describeSchedule({ day, time }: DigestSchedule): string {
  return `${DIGEST_DAYS.find((d) => d.value === day)?.label} at ${time}`;
}
