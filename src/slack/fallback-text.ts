/**
 * A message's `text` fallback, built only from escaped parts. Slack parses that text as mrkdwn
 * (mobile notifications show nothing else), so a pilot named `<!channel>` left raw there pings the
 * whole channel. Every interpolated value is escaped (&, <, >); markup the app writes itself, a user
 * mention, goes in as a `SlackMarkup` made by `userRef`, `fallbackPart` or `joinParts`, never as a
 * plain string.
 */
import { escapeMrkdwn } from './blocks.js';

/**
 * Text that is already safe mrkdwn: escaped parts and markup the app wrote itself. The class is not
 * exported, so only this module makes markup and no caller can slip raw user text through.
 */
class SlackMarkup {
  constructor(readonly text: string) {}
}

export type { SlackMarkup };

const trusted = (text: string): SlackMarkup => new SlackMarkup(text);

export type FallbackValue = string | number | SlackMarkup;

const render = (value: FallbackValue): string =>
  value instanceof SlackMarkup ? value.text : escapeMrkdwn(String(value));

function build(strings: TemplateStringsArray, values: FallbackValue[]): string {
  return strings.reduce((out, literal, i) => out + literal + (i < values.length ? render(values[i]!) : ''), '');
}

/** The fallback `text` of a message: every `${value}` is escaped unless it is `SlackMarkup`. */
export function fallback(strings: TemplateStringsArray, ...values: FallbackValue[]): string {
  return build(strings, values);
}

/** A piece of a fallback (one item of a list, say), escaped the same way, to put into `fallback`. */
export function fallbackPart(strings: TemplateStringsArray, ...values: FallbackValue[]): SlackMarkup {
  return trusted(build(strings, values));
}

/** Parts joined by a separator; the separator is the app's own words, the parts are escaped. */
export function joinParts(parts: readonly FallbackValue[], separator: string): SlackMarkup {
  return trusted(parts.map(render).join(escapeMrkdwn(separator)));
}

// Slack ids are upper-case letters and digits; anything else is escaped, so it can never become a mention.
const SLACK_ID = /^[A-Z0-9]+$/;

/** `<@U…>`: mentions one user by id (their notification is the point). */
export const userRef = (userId: string): SlackMarkup =>
  SLACK_ID.test(userId) ? trusted(`<@${userId}>`) : trusted(escapeMrkdwn(userId));

/** The most a notification text holds: a phone shows only `text`, and cuts it after about this much. */
export const NOTIFICATION_MAX = 150;

/**
 * A notification text: `head` (the action or the news), then each optional tail in turn that still fits
 * within NOTIFICATION_MAX; a tail that does not fit is left to the blocks, which say everything.
 */
export function notificationText(head: string, ...tails: (string | null | undefined)[]): string {
  let text = head;
  for (const tail of tails) if (tail && text.length + tail.length <= NOTIFICATION_MAX) text += tail;
  return text;
}

/** The first text that fits within NOTIFICATION_MAX, else the last (the shortest wording comes last). */
export function firstThatFits(...texts: [string, ...string[]]): string {
  return texts.find((t) => t.length <= NOTIFICATION_MAX) ?? texts[texts.length - 1]!;
}

/** Characters left for a tail after `text` (what a typed text is clipped to with clipWords). */
export const roomAfter = (text: string): number => NOTIFICATION_MAX - text.length;
