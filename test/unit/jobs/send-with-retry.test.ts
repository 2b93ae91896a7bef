import { describe, expect, it } from 'vitest';
import { sendWithRetry } from '../../../src/jobs/send-with-retry.js';
import { ClaimLostError, runUnderClaim } from '../../../src/shared/claim-guard.js';
import { createLogger } from '../../../src/shared/logger.js';

const logger = createLogger('silent');
const fast = { attempts: 3, baseDelayMs: 1 };

describe('sendWithRetry under an exactly-once claim', () => {
  it('retries a failed send while the claim is held', async () => {
    let calls = 0;
    const send = async () => {
      calls++;
      if (calls === 1) throw new Error('slack 500');
      return 'ok';
    };
    const result = await runUnderClaim(
      'k1',
      async () => true,
      () => sendWithRetry({}, send, logger, fast),
    );
    expect(result).toBe('ok');
    expect(calls).toBe(2);
  });

  it('does not send again once another worker took the claim over during the backoff', async () => {
    let calls = 0;
    let held = true;
    const send = async () => {
      calls++;
      held = false; // the claim goes stale and is taken over while this attempt fails and waits
      throw new Error('slack 500');
    };
    const run = runUnderClaim(
      'k2',
      async () => held,
      () => sendWithRetry({}, send, logger, fast),
    );
    await expect(run).rejects.toBeInstanceOf(ClaimLostError);
    expect(calls).toBe(1);
  });

  it('outside a claimed send every retry goes ahead', async () => {
    let calls = 0;
    const send = async () => {
      calls++;
      throw new Error('slack 500');
    };
    await expect(sendWithRetry({}, send, logger, fast)).rejects.toThrow('slack 500');
    expect(calls).toBe(3);
  });
});
