import { createHash } from 'node:crypto';

/** What one audit event records (SPEC §1 Audit trail). */
export interface AuditFacts {
  teamId: string;
  reviewId: string;
  seq: number;
  at: Date;
  actor: string;
  type: string;
  subject: string;
  before: unknown;
  after: unknown;
}

export interface ChainedEvent extends AuditFacts {
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Stable JSON: object keys sorted, so the same facts always hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of an event: sha256 over the previous hash and the event's canonical facts. */
export function hashEvent(facts: AuditFacts, prevHash: string): string {
  const body = canonicalJson({ ...facts, at: facts.at.toISOString() });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export type ChainVerdict =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenAt: number; problem: string };

/**
 * Walks a review's events in sequence order and names the first broken link:
 * a gap in the sequence, a prevHash that is not the previous hash, or a hash that does not match the facts.
 */
export function verifyChain(events: ChainedEvent[]): ChainVerdict {
  let prev = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    if (event.seq !== index + 1) {
      return {
        ok: false,
        count: events.length,
        brokenAt: event.seq,
        problem: `expected event #${index + 1}, found #${event.seq}`,
      };
    }
    if (event.prevHash !== prev) {
      return {
        ok: false,
        count: events.length,
        brokenAt: event.seq,
        problem: `event #${event.seq} does not link to event #${event.seq - 1}`,
      };
    }
    const { prevHash: _p, hash, ...facts } = event;
    if (hashEvent(facts, prev) !== hash) {
      return {
        ok: false,
        count: events.length,
        brokenAt: event.seq,
        problem: `event #${event.seq} was altered after it was written`,
      };
    }
    prev = hash;
  }
  return { ok: true, count: events.length };
}
