import { randomUUID } from 'node:crypto';
import { isDatabaseUnavailable } from '../db/database-errors.js';
import { isDomainError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

/**
 * Words for a person: a DomainError's own message, or for anything unexpected a short apology
 * with a correlation id that is also in the log line, so support can find it.
 */
export function explainError(error: unknown, logger: Logger, context: Record<string, unknown> = {}): string {
  if (isDomainError(error)) return error.message;
  const correlationId = randomUUID().slice(0, 8);
  logger.error({ err: error, correlationId, ...context }, 'unexpected error');
  const unavailable = isDatabaseUnavailable(error);
  return unavailable
    ? `PilotGate cannot reach its database right now, so nothing was saved. Please try again in a minute. (ref ${correlationId})`
    : `Something went wrong on our side and nothing was changed. Please try again. (ref ${correlationId})`;
}

export { isDatabaseUnavailable };
