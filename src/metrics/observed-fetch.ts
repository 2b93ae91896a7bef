import type { FetchFunction } from '@slack/web-api';

/** Told of every call's outcome: `ok`, Slack's error code, or `rate_limited_retried` for a 429 waited out. */
export type SlackCallObserver = (method: string, outcome: string) => void;

/**
 * A fetch for the Web API clients that Bolt makes itself (the `client` listeners get), which cannot
 * be swapped for RetryAfterWebClient: it reports each HTTP call's method and outcome. Those clients
 * wait out a 429 and call again, so a 429 is `rate_limited_retried`.
 */
export function observedFetch(onCall: SlackCallObserver, base: FetchFunction = globalThis.fetch): FetchFunction {
  return async (url, init) => {
    const method = String(url).split('/').pop() || 'unknown';
    let response: Awaited<ReturnType<FetchFunction>>;
    try {
      response = await base(url, init);
    } catch (error) {
      onCall(method, 'request_error');
      throw error;
    }
    if (response.status === 429) onCall(method, 'rate_limited_retried');
    else if (response.status !== 200) onCall(method, `http_${response.status}`);
    else {
      // Read a copy: the client reads the body itself.
      const body = (await (response as Response)
        .clone()
        .json()
        .catch(() => null)) as { ok?: boolean; error?: string } | null;
      onCall(method, body?.ok ? 'ok' : (body?.error ?? 'unknown_error'));
    }
    return response;
  };
}
