import { CronExpressionParser } from 'cron-parser';

/** A repeating job's schedule: a fixed interval, or a cron read on the wall clock of a time zone. */
export type JobSchedule = { everyMs: number } | { cron: string; timezone: string };

/** What identifies a schedule: a stored job keeps its next run for as long as this stays the same. */
export const scheduleSignature = (schedule: JobSchedule): string =>
  'everyMs' in schedule ? `every ${schedule.everyMs}ms` : `cron ${schedule.cron} ${schedule.timezone}`;

/** The cron's next moment strictly after `after`; throws, naming the cron, when it cannot be read. */
export function nextCronAfter(cron: string, timezone: string, after: Date): Date {
  try {
    return CronExpressionParser.parse(cron, { currentDate: after, tz: timezone }).next().toDate();
  } catch (err) {
    throw new Error(`cannot read the cron "${cron}": ${(err as Error).message}`);
  }
}

/** A new (or changed) schedule's first run: one interval from now, or the cron's next moment. */
export function firstRunAt(schedule: JobSchedule, now: Date): Date {
  if ('everyMs' in schedule) return new Date(now.getTime() + schedule.everyMs);
  return nextCronAfter(schedule.cron, schedule.timezone, now);
}

/** `HH:MM` as the cron of a daily job at that time. */
export function dailyCron(hhmm: string): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`expected a time HH:MM such as 06:00, got "${hhmm}"`);
  return `${Number(match[2])} ${Number(match[1])} * * *`;
}

/**
 * The shortest gap between consecutive moments of `cron` (over its next few), or null when it cannot
 * be read. Measured from a fixed date so it does not depend on when it is asked.
 */
export function cronPeriodMs(cron: string, sample = 8): number | null {
  try {
    const moments = CronExpressionParser.parse(cron, { currentDate: new Date('2026-01-05T00:00:00Z'), tz: 'UTC' });
    let previous = moments.next().getTime();
    let shortest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < sample; i++) {
      const next = moments.next().getTime();
      shortest = Math.min(shortest, next - previous);
      previous = next;
    }
    return shortest;
  } catch {
    return null;
  }
}
