import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The exactly-once claim a send runs under. A send may wait a long time before it calls Slack again (a
 * 429's Retry-After, a retry's backoff); by then its claim may have gone stale and another worker may
 * have taken the message over. Code that is about to call Slack again after a wait asks first, so the
 * worker that lost its claim stops instead of sending the message a second time. Outside a claimed
 * send (listeners answering a person) there is nothing to ask and every call goes ahead.
 */
const claims = new AsyncLocalStorage<() => Promise<boolean>>();

export class ClaimLostError extends Error {
  constructor(readonly key: string) {
    super(`the claim on ${key} was taken over by another worker while this one waited; it does not send again`);
    this.name = 'ClaimLostError';
  }
}

export const isClaimLost = (e: unknown): e is ClaimLostError => e instanceof ClaimLostError;

/** Runs `send` with `stillHeld` as the answer to "may I call Slack again?" for everything it awaits. */
export function runUnderClaim<T>(key: string, stillHeld: () => Promise<boolean>, send: () => Promise<T>): Promise<T> {
  return claims.run(async () => {
    if (!(await stillHeld())) throw new ClaimLostError(key);
    return true;
  }, send);
}

/** Throws ClaimLostError when the surrounding claimed send lost its claim; a no-op outside one. */
export async function assertClaimStillHeld(): Promise<void> {
  await claims.getStore()?.();
}
