import { type DestinationStream, type Logger, pino } from 'pino';
import { type SecretScrubber, secretScrubber } from './secret-scrubber.js';

export type { Logger } from 'pino';

/** Secrets (from settings) that no log line may carry, wherever they sit in a logged object. */
export function registerSecrets(values: Iterable<string | undefined>): void {
  secretScrubber.register(values);
}

/**
 * Structured JSON logs (one line per event). Secrets are redacted by path and, because paths only cover
 * the shapes we foresaw, every finished line is scrubbed by value too (Slack tokens, registered secrets,
 * MongoDB URI passwords) just before it is written.
 */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  destination?: DestinationStream,
  scrubber: SecretScrubber = secretScrubber,
): Logger {
  const options = {
    level,
    base: { service: 'pilotgate', ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['token', 'botToken', '*.token', '*.botToken', 'headers.authorization'], censor: '[redacted]' },
    hooks: { streamWrite: (line: string) => scrubber.scrub(line) },
  };
  return destination ? pino(options, destination) : pino(options);
}
