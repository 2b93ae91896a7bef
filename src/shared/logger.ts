import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs (one line per event); secrets are redacted by path. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'pilotgate', ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['token', 'botToken', '*.token', '*.botToken', 'headers.authorization'], censor: '[redacted]' },
  });
}
