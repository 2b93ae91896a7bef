import type { Model } from 'mongoose';
import type { PilotDataOwner, PilotRef, TeamDataOwner } from '../../db/team-data.port.js';
import {
  type AuditFacts,
  type ChainedEvent,
  eventHmac,
  GENESIS_HASH,
  hashEvent,
  headHmac,
  verifyTrail,
  workspaceChainId,
} from './audit.domain.js';
import { AuditEventModel } from './audit.model.js';
import type { AuditInput, AuditTrail, VerifiedTrail } from './audit.port.js';
import { AuditHeadStore } from './audit-head.store.js';

export type { AuditInput, VerifiedTrail } from './audit.port.js';

export interface AuditRepoOptions {
  /** The server's audit key (AUDIT_HMAC_KEY): signs every event and head. Without it events are unsigned. */
  hmacKey?: string;
  /** Told when an event was appended but its head could not be recorded (the next append records it). */
  onHeadError?: (error: unknown, chainId: string) => void;
  heads?: AuditHeadStore;
}

const APPEND_ATTEMPTS = 20;
const KNOWN_TAILS_MAX = 10_000;
const isDuplicateKey = (e: unknown): boolean => (e as { code?: number })?.code === 11000;

/**
 * Append-only store of hash-chained, HMAC-signed events: one chain per review, and one per workspace
 * for settings and admin changes. Each chain's head (seq, hash, HMAC of both) is kept on its review or
 * workspace settings document, so deleting the tail of a trail is detected.
 *
 * No transactions, so an append is two single-document writes: the event insert, then the head (a
 * chain's first append writes the empty head, seq 0, before its insert, so that one can stall too). The
 * insert is the commit point (the unique (reviewId, seq) index picks one winner per position); the head
 * only ever moves forward. A crash between the two leaves the head behind the last event: verification
 * reports it, nobody without the key could have written that event, and the next append moves the head
 * past it. The other order would leave a head pointing past the trail's end, which is exactly what a
 * deleted tail looks like.
 */
export class AuditRepo implements TeamDataOwner, PilotDataOwner, AuditTrail {
  private readonly heads: AuditHeadStore;

  constructor(
    private readonly model: Model<ChainedEvent> = AuditEventModel as Model<ChainedEvent>,
    private readonly options: AuditRepoOptions = {},
  ) {
    this.heads = options.heads ?? new AuditHeadStore(() => this.requireDb());
  }

  private requireDb() {
    const db = this.model.db.db;
    if (!db) throw new Error('the audit trail needs a connected database');
    return db;
  }

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
    return this.inTurn(input, true);
  }

  /**
   * append() that leaves the head behind the new event, for the caller to move with recordHead() once it
   * is no longer keeping anyone waiting (the insert is the commit point; until then the trail reads as
   * one whose head write stalled, and the next append would move it anyway).
   */
  async appendEvent(input: AuditInput): Promise<ChainedEvent> {
    return this.inTurn(input, false);
  }

  async appendEvents(inputs: AuditInput[]): Promise<ChainedEvent[]> {
    return inputs.length === 0 ? [] : this.batchInTurn(inputs, false);
  }

  /**
   * Moves the event's chain head up to it (never back); see append(). Nothing to write when this process
   * already moved the head to this event or past it (a later append of the same chain did).
   */
  async recordHead(event: ChainedEvent): Promise<void> {
    if ((this.headsRecorded.get(event.reviewId) ?? 0) >= event.seq) return;
    const head = { seq: event.seq, hash: event.hash };
    const { hmacKey } = this.options;
    await this.heads.advance(event.reviewId, event.teamId, {
      ...head,
      ...(hmacKey ? { hmac: headHmac(hmacKey, event.reviewId, head) } : {}),
    });
    if (this.headsRecorded.size >= KNOWN_TAILS_MAX) this.headsRecorded.clear();
    this.headsRecorded.set(event.reviewId, Math.max(this.headsRecorded.get(event.reviewId) ?? 0, event.seq));
  }

  /** The highest seq whose head this process wrote, per chain (bounded like knownTails). */
  private readonly headsRecorded = new Map<string, number>();

  async findEvent(
    teamId: string,
    reviewId: string,
    match: Pick<AuditInput, 'type' | 'subject' | 'at'>,
  ): Promise<ChainedEvent | null> {
    return this.model
      .findOne({ teamId, reviewId, type: match.type, subject: match.subject, at: match.at }, { _id: 0 })
      .lean<ChainedEvent>()
      .exec();
  }

  private async inTurn(input: AuditInput, withHead: boolean): Promise<ChainedEvent> {
    const [event] = await this.batchInTurn([input], withHead);
    return event as ChainedEvent;
  }

  /** Appends events of one chain in order, in turn with this process's other appends to it. */
  private async batchInTurn(inputs: AuditInput[], withHead: boolean): Promise<ChainedEvent[]> {
    const chainId = (inputs[0] as AuditInput).reviewId;
    const previous = this.tails.get(chainId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.appendRacing(inputs, withHead));
    this.tails.set(chainId, mine);
    try {
      return await mine;
    } finally {
      if (this.tails.get(chainId) === mine) this.tails.delete(chainId);
    }
  }

  /**
   * The tail this process last appended per review. Trying it first saves reading the tail; when
   * another process appended since, its next seq is taken, the insert collides, and the tail is read.
   */
  private readonly knownTails = new Map<string, { seq: number; hash: string }>();

  /**
   * Inserts `inputs` as the next events of their chain, chained one to the next, in one insert (the
   * status changes of one computation are one round trip); the head moves once, to the last. When
   * another process took a position first, the events already in are kept and the rest go on from the
   * new tail.
   */
  private async appendRacing(inputs: AuditInput[], withHead: boolean): Promise<ChainedEvent[]> {
    const chainId = (inputs[0] as AuditInput).reviewId;
    const appended: ChainedEvent[] = [];
    let pending = inputs;
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      // A little random wait before another try, so racing processes do not collide in step.
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt, 20)));
      const known = attempt === 0 ? this.knownTails.get(chainId) : undefined;
      const last = known ?? (await this.tail(chainId));
      if (!last) await this.beginChain(chainId, (inputs[0] as AuditInput).teamId);
      const events = this.chained(pending, last);
      try {
        await this.model.insertMany(events, { ordered: true });
        appended.push(...events);
        pending = [];
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        // Ordered: those before the collision are in (found by their hash); the rest try again.
        const inserted = await this.insertedOf(chainId, events);
        appended.push(...events.slice(0, inserted));
        pending = pending.slice(inserted);
      }
      const tail = appended.at(-1);
      if (tail) {
        if (this.knownTails.size >= KNOWN_TAILS_MAX) this.knownTails.clear();
        this.knownTails.set(chainId, { seq: tail.seq, hash: tail.hash });
      }
      if (pending.length === 0) {
        if (withHead && tail) await this.headOrReport(tail);
        return appended;
      }
    }
    throw new Error(`audit chain for review ${chainId} is too contended to append`);
  }

  /** `inputs` as the events following `last` (the chain's start when null), each chained to the one before. */
  private chained(inputs: AuditInput[], last: { seq: number; hash: string } | null): ChainedEvent[] {
    const { hmacKey } = this.options;
    let prev = { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
    return inputs.map((input) => {
      const facts: AuditFacts = { ...input, seq: prev.seq + 1 };
      const hash = hashEvent(facts, prev.hash);
      const event: ChainedEvent = {
        ...facts,
        prevHash: prev.hash,
        hash,
        ...(hmacKey ? { hmac: eventHmac(hmacKey, hash) } : {}),
      };
      prev = event;
      return event;
    });
  }

  /** How many of `events` (in order) an interrupted ordered insert stored. */
  private async insertedOf(chainId: string, events: ChainedEvent[]): Promise<number> {
    const found = await this.model
      .find({ reviewId: chainId, hash: { $in: events.map((e) => e.hash) } }, { hash: 1 })
      .lean<{ hash: string }[]>();
    const hashes = new Set(found.map((f) => f.hash));
    const index = events.findIndex((e) => !hashes.has(e.hash));
    return index === -1 ? events.length : index;
  }

  /**
   * The event is appended once inserted; a failed head write goes to onHeadError (the app logs it) rather
   * than to the caller, who would append the same event again. The next append records the head.
   */
  private async headOrReport(event: ChainedEvent): Promise<void> {
    const { onHeadError } = this.options;
    try {
      await this.recordHead(event);
    } catch (error) {
      if (!onHeadError) throw error;
      onHeadError(error, event.reviewId);
    }
  }

  /** The empty head (seq 0, the genesis hash), written before a chain's first event (see AuditHeadStore.begin). */
  private async beginChain(chainId: string, teamId: string): Promise<void> {
    const head = { seq: 0, hash: GENESIS_HASH };
    const { hmacKey } = this.options;
    await this.heads.begin(chainId, teamId, {
      ...head,
      ...(hmacKey ? { hmac: headHmac(hmacKey, chainId, head) } : {}),
    });
  }

  private tail(reviewId: string): Promise<{ seq: number; hash: string } | null> {
    return this.model
      .findOne({ reviewId }, { seq: 1, hash: 1 })
      .sort({ seq: -1 })
      .lean<{ seq: number; hash: string }>()
      .exec();
  }

  /** Appends the events in order: one insert and one head move per chain. */
  async appendMany(inputs: AuditInput[]): Promise<void> {
    const chains = new Map<string, AuditInput[]>();
    for (const input of inputs) chains.set(input.reviewId, [...(chains.get(input.reviewId) ?? []), input]);
    for (const chain of chains.values()) await this.batchInTurn(chain, true);
  }

  async forReview(teamId: string, reviewId: string): Promise<ChainedEvent[]> {
    return this.model.find({ teamId, reviewId }, { _id: 0 }).sort({ seq: 1 }).lean<ChainedEvent[]>();
  }

  /** A review's events with the verdict on them: chain, head and HMAC. */
  async trail(teamId: string, reviewId: string): Promise<VerifiedTrail> {
    const [events, head] = await Promise.all([this.forReview(teamId, reviewId), this.heads.get(reviewId, teamId)]);
    return { events, verdict: verifyTrail(reviewId, events, head, this.options.hmacKey) };
  }

  /** Appends to the workspace's own chain: settings and admin changes. */
  async appendWorkspace(input: Omit<AuditInput, 'reviewId'>): Promise<ChainedEvent> {
    return this.append({ ...input, reviewId: workspaceChainId(input.teamId) });
  }

  async workspaceTrail(teamId: string): Promise<VerifiedTrail> {
    return this.trail(teamId, workspaceChainId(teamId));
  }

  /** Deleting a pilot: its documents here (by its reviews' ids), counted. */
  async countPilotData(ref: PilotRef): Promise<Record<string, number>> {
    return {
      auditEvents: await this.model.countDocuments({ teamId: ref.teamId, reviewId: { $in: ref.reviewIds } }),
    };
  }

  async deletePilotData(ref: PilotRef): Promise<Record<string, number>> {
    return {
      auditEvents: (await this.model.deleteMany({ teamId: ref.teamId, reviewId: { $in: ref.reviewIds } })).deletedCount,
    };
  }
  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      audit_events: (await this.model.deleteMany({ teamId })).deletedCount,
    };
  }
}
