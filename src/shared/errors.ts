/**
 * Errors the product expects and can explain to a person. Listeners turn a DomainError into an
 * inline modal error or an ephemeral message; anything else gets a correlation id and a log line.
 */
export type DomainErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'invalid_input'
  | 'conflict'
  | 'not_allowed_now'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Field-level messages keyed by modal block id, for `response_action: errors`. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
