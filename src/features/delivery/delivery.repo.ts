import { randomUUID } from 'node:crypto';
import type { TeamDataOwner } from '../../db/team-data.port.js';
import { type AnyModel, isDuplicateKeyError } from '../../db/to-entity.js';
import { isClaimLost, runUnderClaim } from '../../shared/claim-guard.js';
import { DeliveryModel } from './delivery.model.js';
import type { DeliveryOutcome, DeliveryStore } from './delivery.port.js';

export type { DeliveryOutcome } from './delivery.port.js';

/** Told of each delivery's outcome (src/metrics). */
export interface DeliveryObserver {
  delivery(outcome: 'sent' | 'failed' | 'duplicate_prevented'): void;
}

/** How long a claim may stay in 'sending' before another worker may take it over (a crashed sender). */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

/** Recording a message as sent is retried this often, a little longer each time, before giving up. */
const MARK_SENT_ATTEMPTS = 5;
const MARK_SENT_BASE_DELAY_MS = 100;

/** Slack posted the message but the database did not take its "sent" mark: the claim stays held. */
export class SentButNotRecordedError extends Error {
  constructor(
    readonly key: string,
    readonly sent: { channel: string; ts: string },
    override readonly cause: unknown,
  ) {
    super(`sent ${key} (ts ${sent.ts}) but could not record it: ${(cause as Error)?.message ?? cause}`);
    this.name = 'SentButNotRecordedError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Exactly-once delivery of scheduled messages across any number of workers: a unique dedupe key is
 * claimed before sending. Every later write names the claim (`claimId`), so a worker whose claim went
 * stale while it waited (and was taken over) can neither release the message for a resend nor
 * overwrite the record of the worker that sent it. A failed send releases the claim so a retry can
 * take it; a send that succeeded never does, even when its "sent" mark fails.
 */
export class DeliveryRepo implements DeliveryStore, TeamDataOwner {
  constructor(
    private readonly model: AnyModel = DeliveryModel as AnyModel,
    private readonly observer: DeliveryObserver = { delivery: () => {} },
  ) {}

  async once(
    key: string,
    teamId: string,
    now: Date,
    send: () => Promise<{ channel: string; ts: string }>,
  ): Promise<DeliveryOutcome> {
    const claimId = await this.claim(key, teamId, now);
    if (!claimId) {
      this.observer.delivery('duplicate_prevented');
      return { status: 'duplicate' };
    }
    let sent: { channel: string; ts: string };
    try {
      sent = await runUnderClaim(key, () => this.holds(key, claimId), send);
    } catch (error) {
      // Another worker took the message over while this one waited; it is theirs to send and record.
      if (isClaimLost(error)) {
        this.observer.delivery('duplicate_prevented');
        return { status: 'duplicate' };
      }
      await this.model.updateOne(
        { key, claimId },
        { $set: { state: 'failed', lastError: String((error as Error)?.message ?? error).slice(0, 500) } },
      );
      this.observer.delivery('failed');
      throw error;
    }
    // Counted once Slack has it, whether or not the "sent" mark below goes through.
    this.observer.delivery('sent');
    await this.markSent(key, claimId, sent);
    return { status: 'sent', ...sent };
  }

  /**
   * Records the Slack ts before anything else happens, retrying while the database is briefly away. A
   * claim taken over meanwhile keeps the record of the worker that holds it (this one matches nothing).
   * When the database stays away, the claim stays 'sending': nobody resends before it is stale.
   */
  private async markSent(key: string, claimId: string, sent: { channel: string; ts: string }): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.model.updateOne(
          { key, claimId },
          { $set: { state: 'sent', sentAt: new Date(), channel: sent.channel, ts: sent.ts } },
        );
        return;
      } catch (error) {
        if (attempt >= MARK_SENT_ATTEMPTS) throw new SentButNotRecordedError(key, sent, error);
        await sleep(MARK_SENT_BASE_DELAY_MS * 2 ** (attempt - 1));
      }
    }
  }

  /** Whether `claimId` still holds the key (asked before calling Slack again after a wait). */
  private async holds(key: string, claimId: string): Promise<boolean> {
    return (await this.model.countDocuments({ key, claimId, state: 'sending' })) > 0;
  }

  /**
   * Claims the key: a new key, a failed earlier attempt, or a claim abandoned by a crashed worker.
   * Returns the id of this claim, or null when another worker holds or has sent the message.
   */
  private async claim(key: string, teamId: string, now: Date): Promise<string | null> {
    const claimId = randomUUID();
    try {
      await this.model.create({ key, teamId, state: 'sending', claimedAt: now, claimId, attempts: 1 });
      return claimId;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const retaken = await this.model.updateOne(
      {
        key,
        // A record with a ts was sent, whatever its state says.
        ts: { $exists: false },
        $or: [{ state: 'failed' }, { state: 'sending', claimedAt: { $lt: new Date(now.getTime() - STALE_CLAIM_MS) } }],
      },
      { $set: { state: 'sending', claimedAt: now, claimId }, $inc: { attempts: 1 } },
    );
    return retaken.modifiedCount === 1 ? claimId : null;
  }

  async wasSent(key: string): Promise<boolean> {
    return (await this.model.countDocuments({ key, state: 'sent' })) > 0;
  }

  /** The workspace purge: every document of `teamId` in the collection this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return { deliveries: (await this.model.deleteMany({ teamId })).deletedCount };
  }
}
