import type { Model } from 'mongoose';
import { type AuditFacts, type ChainedEvent, GENESIS_HASH, hashEvent } from './audit.domain.js';
import { AuditEventModel } from './audit.model.js';

export type AuditInput = Omit<AuditFacts, 'seq'>;

const APPEND_ATTEMPTS = 20;
const KNOWN_TAILS_MAX = 10_000;
const isDuplicateKey = (e: unknown): boolean => (e as { code?: number })?.code === 11000;

/** Append-only store of a review's hash-chained events. */
export class AuditRepo {
  constructor(private readonly model: Model<ChainedEvent> = AuditEventModel as Model<ChainedEvent>) {}

  /** The last append queued per review in this process; appends to one chain run one after another. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * Appends one event at the end of its review's chain. Appends from this process to one chain take
   * turns (five roles answering at once each append their answer and the status changes it caused;
   * racing, one of them could lose round after round while its answer was already saved). Appends
   * from other processes race on the unique (reviewId, seq) index; the loser re-reads the tail and
   * tries again, so the chain never forks.
   */
  async append(input: AuditInput): Promise<ChainedEvent> {
    const previous = this.tails.get(input.reviewId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.appendRacing(input));
    this.tails.set(input.reviewId, mine);
    try {
      return await mine;
    } finally {
      if (this.tails.get(input.reviewId) === mine) this.tails.delete(input.reviewId);
    }
  }

  /**
   * The tail this process last appended per review. Trying it first saves reading the tail; when
   * another process appended since, its next seq is taken, the insert collides, and the tail is read.
   */
  private readonly knownTails = new Map<string, { seq: number; hash: string }>();

  private async appendRacing(input: AuditInput): Promise<ChainedEvent> {
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      // A little random wait before another try, so racing processes do not collide in step.
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt, 20)));
      const last =
        (attempt === 0 ? this.knownTails.get(input.reviewId) : undefined) ?? (await this.tail(input.reviewId));
      const facts: AuditFacts = { ...input, seq: (last?.seq ?? 0) + 1 };
      const prevHash = last?.hash ?? GENESIS_HASH;
      const event: ChainedEvent = { ...facts, prevHash, hash: hashEvent(facts, prevHash) };
      try {
        await this.model.create(event);
        if (this.knownTails.size >= KNOWN_TAILS_MAX) this.knownTails.clear();
        this.knownTails.set(input.reviewId, { seq: event.seq, hash: event.hash });
        return event;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    }
    throw new Error(`audit chain for review ${input.reviewId} is too contended to append`);
  }

  private tail(reviewId: string): Promise<{ seq: number; hash: string } | null> {
    return this.model
      .findOne({ reviewId }, { seq: 1, hash: 1 })
      .sort({ seq: -1 })
      .lean<{ seq: number; hash: string }>()
      .exec();
  }

  async appendMany(inputs: AuditInput[]): Promise<void> {
    for (const input of inputs) await this.append(input);
  }

  async forReview(teamId: string, reviewId: string): Promise<ChainedEvent[]> {
    return this.model.find({ teamId, reviewId }, { _id: 0 }).sort({ seq: 1 }).lean<ChainedEvent[]>();
  }
}
