import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../shared/logger.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Bolt's logger interface over our pino logger, so Bolt's own lines are structured JSON too, and go
 * through the same secret scrubber. Text arguments make the message; an error keeps its code and stack
 * (`err`) and other objects their fields (`details`) instead of printing as "[object Object]".
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const write =
    (level: Level) =>
    (...m: unknown[]) => {
      const err = m.find((a) => a instanceof Error);
      const details = m.filter((a) => a !== null && typeof a === 'object' && !(a instanceof Error));
      const msg = m
        .filter((a) => a === null || typeof a !== 'object')
        .map(String)
        .join(' ');
      const fields = { ...(err ? { err } : {}), ...(details.length ? { details } : {}) };
      child[level](fields, msg || (err instanceof Error ? err.message : ''));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
