/** Quiet hours as minutes after local midnight; `start > end` wraps past midnight (18:00-09:00). */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
}

/** Parses `HH:MM-HH:MM`; empty text means quiet hours are off (null). */
export function parseQuietHours(text: string): QuietHours | null {
  const match = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(text.trim());
  if (!match) return null;
  const [, sh, sm, eh, em] = match.map(Number) as [number, number, number, number, number];
  return { startMinute: sh * 60 + sm, endMinute: eh * 60 + em };
}

export function formatQuietHours(q: QuietHours | null): string {
  if (!q) return '';
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(q.startMinute)}-${hhmm(q.endMinute)}`;
}

/** True when the local minute-of-day falls inside quiet hours. */
export function isQuietMinute(q: QuietHours | null, minuteOfDay: number): boolean {
  if (!q || q.startMinute === q.endMinute) return false;
  return q.startMinute < q.endMinute
    ? minuteOfDay >= q.startMinute && minuteOfDay < q.endMinute
    : minuteOfDay >= q.startMinute || minuteOfDay < q.endMinute;
}

/**
 * The first instant at or after `now` outside quiet hours for someone whose clock is
 * `tzOffsetSeconds` from UTC (Slack's users.info `tz_offset`).
 */
export function nextAllowedTime(q: QuietHours | null, now: Date, tzOffsetSeconds: number): Date {
  const localMs = now.getTime() + tzOffsetSeconds * 1000;
  const minuteOfDay = Math.floor((localMs % 86_400_000) / 60_000);
  if (!isQuietMinute(q, minuteOfDay) || !q) return now;
  const wait = (q.endMinute - minuteOfDay + 1440) % 1440;
  const startOfMinute = now.getTime() - (localMs % 60_000);
  return new Date(startOfMinute + wait * 60_000);
}
