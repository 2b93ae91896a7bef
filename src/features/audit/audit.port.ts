import type { AuditFacts, ChainedEvent, TrailVerdict } from './audit.domain.js';

/** One event to append: its facts without the position, which the chain gives it. */
export type AuditInput = Omit<AuditFacts, 'seq'>;

/** A trail read for export or verification: its events and what verifying them found. */
export interface VerifiedTrail {
  events: ChainedEvent[];
  verdict: TrailVerdict;
}

/**
 * The audit trail as the other features see it (AuditRepo implements it): append-only, hash-chained
 * events, one chain per review and one per workspace. Nothing appended is ever changed or removed here.
 */
export interface AuditTrail {
  /**
   * Appends one event at the end of its review's chain (seq one past the last, chained to its hash) and
   * moves the chain's head; concurrent appends to one chain never fork it. Returns the stored event.
   */
  append(input: AuditInput): Promise<ChainedEvent>;
  /**
   * append() without moving the head: the event is stored (the commit point) and the head stays behind it
   * until recordHead(event) or the chain's next append. For a write that must be durable before a reply
   * while the head can follow after it.
   */
  appendEvent(input: AuditInput): Promise<ChainedEvent>;
  /** appendEvent() for several events of one chain, in order and in one insert; returns them stored. */
  appendEvents(inputs: AuditInput[]): Promise<ChainedEvent[]>;
  /** Moves the event's chain head up to it; a head already past it stays. */
  recordHead(event: ChainedEvent): Promise<void>;
  /** The review's event of this type, subject and time, if one is stored (a repeat of a step finds its own). */
  findEvent(
    teamId: string,
    reviewId: string,
    match: Pick<AuditInput, 'type' | 'subject' | 'at'>,
  ): Promise<ChainedEvent | null>;
  /** Appends the events in order, each chain's in one insert with one head move (never forking it). */
  appendMany(inputs: AuditInput[]): Promise<void>;
  /** A review's events in chain order. */
  forReview(teamId: string, reviewId: string): Promise<ChainedEvent[]>;
  /** A review's events with the verdict on them: chain, head and HMAC. */
  trail(teamId: string, reviewId: string): Promise<VerifiedTrail>;
  /** Appends to the workspace's own chain (settings and admin changes). */
  appendWorkspace(input: Omit<AuditInput, 'reviewId'>): Promise<ChainedEvent>;
  /** The workspace chain's events with their verdict. */
  workspaceTrail(teamId: string): Promise<VerifiedTrail>;
}
