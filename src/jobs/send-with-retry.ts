import { assertClaimStillHeld } from '../shared/claim-guard.js';
import type { Logger } from '../shared/logger.js';

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
}

export const DEFAULT_SEND_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 500 };

/** Slack said no for a reason a retry cannot fix (user_not_found, channel_not_found …). */
const isPermanent = (error: unknown): boolean => (error as { code?: string })?.code === 'slack_webapi_platform_error';

/**
 * Sends with a bounded retry and exponential backoff, logging every failed attempt; throws the last
 * error so the caller's exactly-once claim is released for a later run. 429s never reach here: the
 * WebClient waits out Retry-After itself (and, like each retry here, asks whether the claim is still held).
 */
export async function sendWithRetry<T>(
  what: Record<string, unknown>,
  send: () => Promise<T>,
  logger: Logger,
  options: RetryOptions = DEFAULT_SEND_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const last = attempt >= options.attempts || isPermanent(err);
      logger.warn({ err, ...what, attempt, willRetry: !last }, 'send failed');
      if (last) throw err;
      await new Promise((r) => setTimeout(r, options.baseDelayMs * 2 ** (attempt - 1)));
      // The exactly-once claim may have been taken over during the wait; then the other worker sends.
      await assertClaimStillHeld();
    }
  }
}
