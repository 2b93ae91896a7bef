/** What `once` did: sent now (where), or nothing because the message was already claimed or sent. */
export type DeliveryOutcome = { status: 'sent'; channel: string; ts: string } | { status: 'duplicate' };

/**
 * Exactly-once delivery of scheduled messages as the other features see it (DeliveryRepo implements it):
 * a message is named by a unique dedupe key, and at most one `send` for a key ever succeeds.
 */
export interface DeliveryStore {
  /**
   * Claims `key` and runs `send` under the claim: 'sent' with where it went, or 'duplicate' (send not run)
   * when the key is claimed by a live sender or already sent. A failing `send` releases the key for a
   * retry and rethrows; a successful one is never sent again, even if recording it fails.
   */
  once(
    key: string,
    teamId: string,
    now: Date,
    send: () => Promise<{ channel: string; ts: string }>,
  ): Promise<DeliveryOutcome>;
  /** Whether the message of `key` was sent. */
  wasSent(key: string): Promise<boolean>;
}
