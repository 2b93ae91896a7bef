import { describe, expect, it } from 'vitest';
import { orderedShutdown } from '../../../src/app/shutdown.js';
import { AfterAckQueue } from '../../../src/shared/after-ack-queue.js';
import { createLogger } from '../../../src/shared/logger.js';

const logger = createLogger('silent');

/** A stop whose steps record when they ran; the follow-up queue holds one task still running. */
function recordedStop(opts: { requestsFail?: boolean; worker?: boolean } = {}) {
  const order: string[] = [];
  const afterAck = new AfterAckQueue(1, () => {});
  afterAck.push('answer', async () => {
    await new Promise((r) => setTimeout(r, 20));
    order.push('follow-up finished');
  });
  const stop = orderedShutdown({
    logger,
    afterAck,
    ...(opts.worker
      ? {}
      : {
          stopRequests: async () => {
            order.push('requests stopped');
            if (opts.requestsFail) throw new Error('already stopped');
          },
        }),
    stopJobs: async () => void order.push('jobs stopped'),
    closeDatabase: async () => void order.push('database closed'),
  });
  return { order, stop };
}

describe('orderedShutdown', () => {
  it('stops taking requests, lets acked follow-up work finish, stops agenda, then closes the database', async () => {
    const { order, stop } = recordedStop();
    await stop();
    expect(order).toEqual(['requests stopped', 'follow-up finished', 'jobs stopped', 'database closed']);
  });

  it('runs once however often it is called (SIGTERM after a test stop)', async () => {
    const { order, stop } = recordedStop();
    await Promise.all([stop(), stop()]);
    await stop();
    expect(order.filter((s) => s === 'database closed')).toHaveLength(1);
  });

  it('still closes the database when Bolt fails to stop, and has no request step in worker mode', async () => {
    const failing = recordedStop({ requestsFail: true });
    await failing.stop();
    expect(failing.order.at(-1)).toBe('database closed');
    const worker = recordedStop({ worker: true });
    await worker.stop();
    expect(worker.order).toEqual(['follow-up finished', 'jobs stopped', 'database closed']);
  });
});
