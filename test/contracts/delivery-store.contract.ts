import { describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../../src/features/delivery/delivery.port.js';

const now = new Date('2026-11-30T08:00:00Z');
const key = () => `contract:${Math.random().toString(36).slice(2, 10)}`;

/** What every DeliveryStore does: at most one successful send per key. */
export function describeDeliveryStoreContract(name: string, make: () => Promise<DeliveryStore>): void {
  describe(`DeliveryStore contract: ${name}`, () => {
    it('sends a key once; the second call does not run its send', async () => {
      const store = await make();
      const k = key();
      let sends = 0;
      const send = async () => {
        sends++;
        return { channel: 'D1', ts: `${sends}.0001` };
      };
      expect(await store.once(k, 'T1', now, send)).toEqual({ status: 'sent', channel: 'D1', ts: '1.0001' });
      expect(await store.once(k, 'T1', now, send)).toEqual({ status: 'duplicate' });
      expect(sends).toBe(1);
      expect(await store.wasSent(k)).toBe(true);
      expect(await store.wasSent(key())).toBe(false);
    });

    it('concurrent calls for one key send once', async () => {
      const store = await make();
      const k = key();
      let sends = 0;
      const send = async () => {
        sends++;
        await new Promise((r) => setTimeout(r, 20));
        return { channel: 'D1', ts: '1.0001' };
      };
      const outcomes = await Promise.all([1, 2, 3].map(() => store.once(k, 'T1', now, send)));
      expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
      expect(sends).toBe(1);
    });

    it('a failed send rethrows and releases the key for a retry', async () => {
      const store = await make();
      const k = key();
      await expect(
        store.once(k, 'T1', now, async () => {
          throw new Error('slack said no');
        }),
      ).rejects.toThrow('slack said no');
      expect(await store.wasSent(k)).toBe(false);
      expect(await store.once(k, 'T1', now, async () => ({ channel: 'D1', ts: '2.0001' }))).toEqual({
        status: 'sent',
        channel: 'D1',
        ts: '2.0001',
      });
    });
  });
}
