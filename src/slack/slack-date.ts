/**
 * Dates in messages as Slack's `<!date^…>` token, so each reader sees the date in their own time zone.
 * The text after `|` is what clients that cannot render the token (and notification previews) show.
 * https://api.slack.com/reference/surfaces/formatting#date-formatting
 */
export type SlackDateFormat = 'day' | 'dayAndTime';

const TOKENS: Record<SlackDateFormat, string> = {
  day: '{date_short_pretty}',
  dayAndTime: '{date_short_pretty} at {time}',
};

/** `<!date^1767225600^{date_short_pretty}|2026-01-01>`: a calendar day (ISO "YYYY-MM-DD" is read as midnight UTC). */
export function slackDate(at: Date | string, format: SlackDateFormat = 'day'): string {
  const date = typeof at === 'string' ? new Date(at.length === 10 ? `${at}T00:00:00Z` : at) : at;
  const unix = Math.floor(date.getTime() / 1000);
  const iso = date.toISOString();
  const shown = format === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${unix}^${TOKENS[format]}|${shown}>`;
}
