import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../db/to-entity.js';
import { DeliveryModel } from './delivery.model.js';

/** Told of each delivery's outcome (src/metrics). */
export interface DeliveryObserver {
  delivery(outcome: 'sent' | 'failed' | 'duplicate_prevented'): void;
}

/** How long a claim may stay in 'sending' before another worker may take it over (a crashed sender). */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

export type DeliveryOutcome = { status: 'sent'; channel: string; ts: string } | { status: 'duplicate' };

/**
 * Exactly-once delivery of scheduled messages across any number of workers: a unique dedupe key is
 * claimed before sending; a failed send releases the claim so a retry can take it, a success keeps it.
 */
export class DeliveryRepo {
  constructor(
    private readonly model: Model<unknown> = DeliveryModel as Model<unknown>,
    private readonly observer: DeliveryObserver = { delivery: () => {} },
  ) {}

  async once(
    key: string,
    teamId: string,
    now: Date,
    send: () => Promise<{ channel: string; ts: string }>,
  ): Promise<DeliveryOutcome> {
    if (!(await this.claim(key, teamId, now))) {
      this.observer.delivery('duplicate_prevented');
      return { status: 'duplicate' };
    }
    try {
      const sent = await send();
      await this.model.updateOne(
        { key },
        { $set: { state: 'sent', sentAt: new Date(), channel: sent.channel, ts: sent.ts } },
      );
      this.observer.delivery('sent');
      return { status: 'sent', ...sent };
    } catch (error) {
      await this.model.updateOne(
        { key },
        { $set: { state: 'failed', lastError: String((error as Error)?.message ?? error).slice(0, 500) } },
      );
      this.observer.delivery('failed');
      throw error;
    }
  }

  /** Claims the key: a new key, a failed earlier attempt, or a claim abandoned by a crashed worker. */
  private async claim(key: string, teamId: string, now: Date): Promise<boolean> {
    try {
      await this.model.create({ key, teamId, state: 'sending', claimedAt: now, attempts: 1 });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const retaken = await this.model.updateOne(
      {
        key,
        $or: [{ state: 'failed' }, { state: 'sending', claimedAt: { $lt: new Date(now.getTime() - STALE_CLAIM_MS) } }],
      },
      { $set: { state: 'sending', claimedAt: now }, $inc: { attempts: 1 } },
    );
    return retaken.modifiedCount === 1;
  }

  async wasSent(key: string): Promise<boolean> {
    return (await this.model.countDocuments({ key, state: 'sent' })) > 0;
  }
}
