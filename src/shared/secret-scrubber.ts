/**
 * Redaction by value: whatever shape a logged object has (an HTTP client's error with its request
 * headers, a job with its data, an error's cause), the text written out carries no secret. Path-based
 * redaction only covers the shapes someone thought of; this covers the values themselves.
 */
export const REDACTED = '[redacted]';

/** Slack tokens: bot, user, app-level, workflow, refresh/rotation, legacy (xox[abposre]-, xapp-, xwfp-). */
const SLACK_TOKEN = /x(?:ox[abposre]|app|wfp)-[A-Za-z0-9-]+/g;
/** The password of a MongoDB URI: `mongodb://user:PASSWORD@host` (also mongodb+srv://). */
const URI_PASSWORD = /(mongodb(?:\+srv)?:\/\/[^:/@\s"'\\]*:)[^@\s"'\\]+@/gi;
/** Known values shorter than this are not scrubbed: they would blank out ordinary words of every line. */
export const MIN_KNOWN_SECRET_LENGTH = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class SecretScrubber {
  private readonly known = new Set<string>();
  private knownPattern: RegExp | null = null;

  /** Adds values to scrub wherever they appear, as written and as they look inside a JSON string or a URI. */
  register(values: Iterable<string | undefined>): void {
    for (const value of values) {
      if (!value || value.length < MIN_KNOWN_SECRET_LENGTH) continue;
      for (const form of [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]) this.known.add(form);
    }
    // Longest first, so a secret that contains another is replaced whole.
    const alternatives = [...this.known].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.knownPattern = alternatives.length ? new RegExp(alternatives.join('|'), 'g') : null;
  }

  /** The text with every known secret, Slack token and MongoDB URI password replaced by `[redacted]`. */
  scrub(text: string): string {
    const known = this.knownPattern ? text.replace(this.knownPattern, REDACTED) : text;
    return known.replace(SLACK_TOKEN, REDACTED).replace(URI_PASSWORD, `$1${REDACTED}@`);
  }
}

/** The process's scrubber: settings register their secrets at start-up; every logger writes through it. */
export const secretScrubber = new SecretScrubber();
