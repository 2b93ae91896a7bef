import type { Model } from 'mongoose';
import { type AuditFacts, type ChainedEvent, GENESIS_HASH, hashEvent } from './audit.domain.js';
import { AuditEventModel } from './audit.model.js';

export type AuditInput = Omit<AuditFacts, 'seq'>;

const isDuplicateKey = (e: unknown): boolean => (e as { code?: number })?.code === 11000;

/** Append-only store of a review's hash-chained events. */
export class AuditRepo {
  constructor(private readonly model: Model<ChainedEvent> = AuditEventModel as Model<ChainedEvent>) {}

  /**
   * Appends one event at the end of its review's chain. Concurrent appends race on the unique
   * (reviewId, seq) index; the loser re-reads the tail and tries again, so the chain never forks.
   */
  async append(input: AuditInput): Promise<ChainedEvent> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const last = await this.model
        .findOne({ reviewId: input.reviewId }, { seq: 1, hash: 1 })
        .sort({ seq: -1 })
        .lean<{ seq: number; hash: string }>();
      const facts: AuditFacts = { ...input, seq: (last?.seq ?? 0) + 1 };
      const prevHash = last?.hash ?? GENESIS_HASH;
      const event: ChainedEvent = { ...facts, prevHash, hash: hashEvent(facts, prevHash) };
      try {
        await this.model.create(event);
        return event;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    }
    throw new Error(`audit chain for review ${input.reviewId} is too contended to append`);
  }

  async appendMany(inputs: AuditInput[]): Promise<void> {
    for (const input of inputs) await this.append(input);
  }

  async forReview(teamId: string, reviewId: string): Promise<ChainedEvent[]> {
    return this.model.find({ teamId, reviewId }, { _id: 0 }).sort({ seq: 1 }).lean<ChainedEvent[]>();
  }
}
