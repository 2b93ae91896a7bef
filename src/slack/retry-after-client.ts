import { type WebAPICallResult, WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackCallObserver } from '../metrics/observed-fetch.js';
import { assertClaimStillHeld } from '../shared/claim-guard.js';

/**
 * How long one Web API request may take. The stock client waits forever (timeout 0), so a stuck proxy or a
 * half-open connection held a job's lock or a listener's follow-up work indefinitely. Generous enough for
 * the file uploads of `/gate export`; a timed-out request is retried by the client's retry policy.
 */
export const SLACK_REQUEST_TIMEOUT_MS = 15_000;

/** Rate-limited calls retried before the error reaches the caller (its own retry policy then applies). */
export const MAX_RATE_LIMITED_RETRIES = 10;

interface RateLimited {
  code: 'slack_webapi_rate_limited_error';
  retryAfter: number;
}

const isRateLimited = (error: unknown): error is RateLimited =>
  (error as { code?: unknown })?.code === 'slack_webapi_rate_limited_error' &&
  typeof (error as { retryAfter?: unknown }).retryAfter === 'number';

/** The outcome name of a failed call: Slack's error code when it answered, else the client's error code. */
export function callOutcome(error: unknown): string {
  const e = error as { code?: unknown; data?: { error?: unknown } };
  if (e?.code === 'slack_webapi_rate_limited_error') return 'rate_limited';
  if (typeof e?.data?.error === 'string') return e.data.error;
  return typeof e?.code === 'string' ? e.code : 'unknown_error';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A WebClient that waits out a 429's Retry-After exactly, then calls again. The stock client waits the
 * Retry-After and then also its retry policy's backoff (a second or more in production), so a burst of
 * DMs ran at about half the rate Slack allows. Slack limits each method per workspace, so a 429 holds
 * back later calls of that method on this token too, not the whole client.
 */
export class RetryAfterWebClient extends WebClient {
  private readonly blockedUntil = new Map<string, number>();
  private readonly maxRateLimitedRetries: number;
  private readonly onCall: SlackCallObserver;

  constructor(
    token: string,
    options: WebClientOptions & { maxRateLimitedRetries?: number; onCall?: SlackCallObserver } = {},
  ) {
    const { maxRateLimitedRetries = MAX_RATE_LIMITED_RETRIES, onCall = () => {}, ...webClientOptions } = options;
    super(token, { timeout: SLACK_REQUEST_TIMEOUT_MS, ...webClientOptions, rejectRateLimitedCalls: true });
    this.maxRateLimitedRetries = maxRateLimitedRetries;
    this.onCall = onCall;
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    for (let retried = 0; ; retried++) {
      const wait = (this.blockedUntil.get(method) ?? 0) - Date.now();
      if (wait > 0) await sleep(wait);
      // After a wait, a claimed send whose claim was taken over meanwhile must not call Slack again.
      if (wait > 0 || retried > 0) await assertClaimStillHeld();
      try {
        const result = await super.apiCall(method, options);
        this.onCall(method, 'ok');
        return result;
      } catch (error) {
        if (!isRateLimited(error) || retried >= this.maxRateLimitedRetries) {
          this.onCall(method, callOutcome(error));
          throw error;
        }
        this.onCall(method, 'rate_limited_retried');
        const until = Date.now() + error.retryAfter * 1000;
        this.blockedUntil.set(method, Math.max(until, this.blockedUntil.get(method) ?? 0));
      }
    }
  }
}
