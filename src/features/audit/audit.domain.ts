import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What one audit event records: who, when, what, before → after. Events are append-only and each carries
 * the hash of the one before, so a changed or removed event breaks the chain.
 */
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
  /** HMAC of `hash` with the server's audit key (eventHmac); absent on events written without a key. */
  hmac?: string;
  /** Written before the HMAC existed (migration 3): accepted unsigned up to the head's `legacyThrough`. */
  legacy?: true;
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
    const { prevHash: _p, hash, hmac: _m, legacy: _l, ...facts } = event;
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

// ------------------------------------------------------------------ chain head and HMAC

/**
 * The chain id of a workspace's own trail (settings and admin changes), kept in the same collection
 * and unique (reviewId, seq) index as review trails.
 */
export const workspaceChainId = (teamId: string): string => `workspace:${teamId}`;
export const isWorkspaceChain = (chainId: string): boolean => chainId.startsWith('workspace:');

/** The last event of a chain, as recorded on the review (or workspace settings) document. */
export interface ChainHead {
  seq: number;
  hash: string;
  hmac?: string;
  /**
   * Events up to this seq were written before the HMAC (migration 3 recorded this head unsigned at
   * that event); they are accepted unsigned, every later one needs its HMAC. Kept as the head moves.
   */
  legacyThrough?: number;
}

/**
 * HMAC of an event: over its hash, which covers its facts and the hash before it. Someone who can write
 * to the database but does not hold the server's key cannot re-sign a rewritten, re-hashed chain.
 */
export function eventHmac(key: string, hash: string): string {
  return createHmac('sha256', key).update(`event\n${hash}`).digest('hex');
}

/** HMAC of a chain head: names the chain, so a head cannot be copied from another chain or an event. */
export function headHmac(key: string, chainId: string, head: { seq: number; hash: string }): string {
  return createHmac('sha256', key).update(`head\n${chainId}\n${head.seq}\n${head.hash}`).digest('hex');
}

const sameHex = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** `not checked`: no key was given (only the hashes and the head could be compared). */
export type HmacVerdict = 'verified' | 'failed' | 'not checked';

/** `legacy`: events accepted unsigned as written before the HMAC existed (ChainHead.legacyThrough). */
export type TrailVerdict = ChainVerdict & {
  head: { seq: number; hash: string } | null;
  hmac: HmacVerdict;
  /** Only when there are any, so a trail of today's shape reads as it always did. */
  legacy?: number;
};

/**
 * Verifies a whole trail: the hash chain, that the last event is the one the head records (a deleted
 * tail leaves the head pointing past the end), and with the key every event's and the head's HMAC.
 * The first problem found is the one reported.
 */
export function verifyTrail(
  chainId: string,
  events: ChainedEvent[],
  head: ChainHead | null,
  hmacKey?: string,
): TrailVerdict {
  const count = events.length;
  const headView = head ? { seq: head.seq, hash: head.hash } : null;
  const chain = verifyChain(events);
  const legacyThrough = head?.legacyThrough ?? 0;
  const isLegacy = (e: ChainedEvent) => e.legacy === true && e.seq <= legacyThrough;
  const legacyCount = events.filter(isLegacy).length;
  const legacy = legacyCount > 0 ? { legacy: legacyCount } : {};
  const broken = (brokenAt: number, problem: string, hmac: HmacVerdict): TrailVerdict => ({
    ok: false,
    count,
    brokenAt,
    problem,
    head: headView,
    hmac,
    ...legacy,
  });
  const unsigned = hmacKey
    ? events.find((e) => !isLegacy(e) && !sameHex(e.hmac, eventHmac(hmacKey, e.hash)))
    : undefined;
  // The head migration 3 recorded at the last legacy event is unsigned; once the app appends, it is signed.
  const legacyHead = head !== null && head.hmac === undefined && head.seq === legacyThrough && legacyThrough > 0;
  const headSigned = !hmacKey || !head || legacyHead || sameHex(head.hmac, headHmac(hmacKey, chainId, head));
  const hmac: HmacVerdict = !hmacKey ? 'not checked' : unsigned || !headSigned ? 'failed' : 'verified';
  if (!chain.ok && (!unsigned || chain.brokenAt <= unsigned.seq)) return broken(chain.brokenAt, chain.problem, hmac);
  if (unsigned) {
    return broken(unsigned.seq, `event #${unsigned.seq} is not signed with this server's audit key`, hmac);
  }
  const last = events.at(-1);
  if (!head) {
    return last
      ? broken(last.seq, 'no chain head is recorded, so the trail cannot show it is complete', hmac)
      : okTrail();
  }
  if (!headSigned) return broken(head.seq, "the chain head is not signed with this server's audit key", hmac);
  if (head.seq === 0 && !last && head.hash === GENESIS_HASH) return okTrail();
  if (!last || head.seq > last.seq) {
    return broken(head.seq, `the head records event #${head.seq} but the trail ends at #${last?.seq ?? 0}`, hmac);
  }
  // Head #0 is the empty chain (the genesis hash), written before the first event.
  const headEvent = head.seq === 0 ? GENESIS_HASH : events[head.seq - 1]?.hash;
  if (headEvent !== head.hash) {
    return broken(head.seq, `event #${head.seq} is not the event the head records`, hmac);
  }
  if (head.seq < last.seq) {
    return broken(
      head.seq + 1,
      `the trail continues to #${last.seq} past the head at #${head.seq}: an append stopped before recording its head (the next append records it)`,
      hmac,
    );
  }
  return okTrail();

  function okTrail(): TrailVerdict {
    return { ok: true, count, head: headView, hmac, ...legacy };
  }
}
