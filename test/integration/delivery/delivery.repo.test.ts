import { describe, expect, it } from 'vitest';
import { DeliveryModel } from '../../../src/features/delivery/delivery.model.js';
import { DeliveryRepo, STALE_CLAIM_MS } from '../../../src/features/delivery/delivery.repo.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
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
