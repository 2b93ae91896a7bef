import { CronExpressionParser } from 'cron-parser';

/** A digest whose moment passed longer ago than this is skipped, not sent late (the app was down). */
export const DIGEST_CATCH_UP_MS = 24 * 60 * 60 * 1000;

/**
 * The most recent moment at or before `now` when `cron` fires in the recipient's time zone, or null for an
 * unparseable cron. An unknown zone falls back to UTC rather than never sending.
 */
export function latestOccurrence(cron: string, timeZone: string, now: Date): Date | null {
  const parse = (tz: string) =>
    CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz })
      .prev()
      .toDate();
  try {
    return parse(timeZone);
  } catch {
    try {
      return parse('UTC');
    } catch {
      return null;
    }
  }
}

/** True when this occurrence's digest is due now: it has passed, recently, and was not sent yet. */
export function digestDue(occurrence: Date | null, now: Date, alreadySent: boolean): occurrence is Date {
  if (!occurrence || alreadySent) return false;
  const age = now.getTime() - occurrence.getTime();
  return age >= 0 && age < DIGEST_CATCH_UP_MS;
}

/** The dedupe key of one sponsor's digest for one cron occurrence. */
export const digestKey = (teamId: string, sponsorId: string, occurrence: Date): string =>
  `digest:${teamId}:${sponsorId}:${occurrence.toISOString()}`;
