import { MongoNetworkError } from 'mongodb';
import mongoose from 'mongoose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeliveryModel } from '../../../src/features/delivery/delivery.model.js';
import { DeliveryRepo, STALE_CLAIM_MS } from '../../../src/features/delivery/delivery.repo.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
afterEach(() => {
  vi.restoreAllMocks();
});
const now = new Date('2026-11-25T10:00:00Z');

describe('DeliveryRepo.once', () => {
  it('sends a key once even when ten workers race for it', async () => {
    await DeliveryModel.init();
    const repo = new DeliveryRepo();
    let sends = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        repo.once('nudge:r1:ops:1', 'T1', now, async () => {
          sends++;
          return { channel: 'D1', ts: '1.1' };
        }),
      ),
    );
    expect(sends).toBe(1);
    expect(results.filter((r) => r.status === 'sent')).toHaveLength(1);
    expect(await repo.wasSent('nudge:r1:ops:1')).toBe(true);
  });

  it('releases the claim when the send fails, so a retry delivers it', async () => {
    const repo = new DeliveryRepo();
    await expect(
      repo.once('digest:T1:U1:2026-W48', 'T1', now, async () => {
        throw new Error('slack 500');
      }),
    ).rejects.toThrow('slack 500');
    expect(await repo.wasSent('digest:T1:U1:2026-W48')).toBe(false);
    const retry = await repo.once('digest:T1:U1:2026-W48', 'T1', now, async () => ({ channel: 'D1', ts: '2.2' }));
    expect(retry).toEqual({ status: 'sent', channel: 'D1', ts: '2.2' });
    const again = await repo.once('digest:T1:U1:2026-W48', 'T1', now, async () => ({ channel: 'D1', ts: '3.3' }));
    expect(again).toEqual({ status: 'duplicate' });
  });

  it('takes over a claim abandoned by a crashed worker only after it is stale', async () => {
    const repo = new DeliveryRepo();
    await DeliveryModel.create({ key: 'alert:p1:purgatory', teamId: 'T1', state: 'sending', claimedAt: now });
    const early = await repo.once('alert:p1:purgatory', 'T1', new Date(now.getTime() + 1000), async () => ({
      channel: 'C',
      ts: '1',
    }));
    expect(early).toEqual({ status: 'duplicate' });
    const late = await repo.once(
      'alert:p1:purgatory',
      'T1',
      new Date(now.getTime() + STALE_CLAIM_MS + 1),
      async () => ({
        channel: 'C',
        ts: '2',
      }),
    );
    expect(late.status).toBe('sent');
  });
});

/** A send the test finishes by hand: it stays in flight while other workers run. */
function slowSend() {
  let finish: (result: { channel: string; ts: string } | Error) => void = () => undefined;
  const done = new Promise<{ channel: string; ts: string }>((resolve, reject) => {
    finish = (result) => (result instanceof Error ? reject(result) : resolve(result));
  });
  return { send: () => done, finish };
}

const record = (key: string) => mongoose.connection.collection('deliveries').findOne({ key });
const later = (ms: number) => new Date(now.getTime() + ms);

describe('DeliveryRepo.once: a claim that expired while its send was in flight', () => {
  it('a send that fails after another worker took over does not release the message for a third send', async () => {
    const repo = new DeliveryRepo();
    const slow = slowSend();
    const first = repo.once('alert:p2:purgatory', 'T1', now, slow.send);
    await new Promise((r) => setTimeout(r, 50));
    const takeover = await repo.once('alert:p2:purgatory', 'T1', later(STALE_CLAIM_MS + 1), async () => ({
      channel: 'C',
      ts: '2',
    }));
    expect(takeover.status).toBe('sent');
    slow.finish(new Error('slack 500 after a long wait'));
    await first.catch(() => undefined);
    expect(await record('alert:p2:purgatory')).toMatchObject({ state: 'sent', ts: '2' });
    let sends = 0;
    const third = await repo.once('alert:p2:purgatory', 'T1', later(STALE_CLAIM_MS + 2), async () => {
      sends++;
      return { channel: 'C', ts: '3' };
    });
    expect(third).toEqual({ status: 'duplicate' });
    expect(sends).toBe(0);
  });

  it('a send that finishes after another worker took over does not overwrite its record', async () => {
    const repo = new DeliveryRepo();
    const slow = slowSend();
    const first = repo.once('alert:p3:purgatory', 'T1', now, slow.send);
    await new Promise((r) => setTimeout(r, 50));
    await repo.once('alert:p3:purgatory', 'T1', later(STALE_CLAIM_MS + 1), async () => ({ channel: 'C', ts: '2' }));
    slow.finish({ channel: 'C', ts: '1' });
    await first;
    expect(await record('alert:p3:purgatory')).toMatchObject({ state: 'sent', ts: '2' });
  });
});

describe('DeliveryRepo.once: the send succeeded but its "sent" mark did not', () => {
  it('records the Slack ts once the database answers again and never sends the message a second time', async () => {
    const repo = new DeliveryRepo();
    let sends = 0;
    const send = async () => {
      sends++;
      return { channel: 'D1', ts: `${sends}.0` };
    };
    vi.spyOn(DeliveryModel, 'updateOne').mockRejectedValueOnce(new MongoNetworkError('connection reset'));
    const first = await repo.once('digest:T1:U2:2026-W48', 'T1', now, send).catch((e: Error) => e);
    const retry = await repo.once('digest:T1:U2:2026-W48', 'T1', now, send).catch((e: Error) => e);
    const muchLater = await repo.once('digest:T1:U2:2026-W48', 'T1', later(STALE_CLAIM_MS + 1), send);
    expect(sends).toBe(1);
    expect(first).toEqual({ status: 'sent', channel: 'D1', ts: '1.0' });
    expect(retry).toEqual({ status: 'duplicate' });
    expect(muchLater).toEqual({ status: 'duplicate' });
    expect(await record('digest:T1:U2:2026-W48')).toMatchObject({ state: 'sent', ts: '1.0' });
  });
});
