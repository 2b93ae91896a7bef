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
  /** Appends the events in order, one after another. */
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
