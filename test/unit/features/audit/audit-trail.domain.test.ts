import { describe, expect, it } from 'vitest';
import {
  type ChainedEvent,
  eventHmac,
  GENESIS_HASH,
  hashEvent,
  headHmac,
  verifyTrail,
} from '../../../../src/features/audit/audit.domain.js';
import { settingsChanges } from '../../../../src/features/settings/settings-audit.domain.js';

const KEY = 'unit-test-audit-hmac-key-0123456789abcdef';
const at = new Date('2026-11-25T12:00:00Z');

function chain(n: number, key = KEY): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const facts = {
      teamId: 'T1',
      reviewId: 'r1',
      seq,
      at,
      actor: 'U1',
      type: 't',
      subject: 's',
      before: null,
      after: seq,
    };
    const hash = hashEvent(facts, prev);
    events.push({ ...facts, prevHash: prev, hash, hmac: eventHmac(key, hash) });
    prev = hash;
  }
  return events;
}
const headOf = (e: ChainedEvent, key = KEY) => ({ seq: e.seq, hash: e.hash, hmac: headHmac(key, 'r1', e) });

describe('verifyTrail', () => {
  const events = chain(3);
  it.each([
    ['intact', events, headOf(events[2]!), { ok: true, hmac: 'verified' }],
    ['tail deleted', events.slice(0, 2), headOf(events[2]!), { ok: false, brokenAt: 3 }],
    ['head behind (append stopped before its head)', events, headOf(events[1]!), { ok: false, brokenAt: 3 }],
    ['no head', events, null, { ok: false }],
    [
      'signed with another key',
      chain(3, 'x'.repeat(40)),
      headOf(events[2]!),
      { ok: false, hmac: 'failed', brokenAt: 1 },
    ],
    [
      'head copied to another chain',
      events,
      { ...headOf(events[2]!), hmac: headHmac(KEY, 'r2', events[2]!) },
      { ok: false, hmac: 'failed' },
    ],
    ['empty, no head', [], null, { ok: true, count: 0 }],
  ] as const)('%s', (_name, trail, head, expected) => {
    expect(verifyTrail('r1', [...trail], head, KEY)).toMatchObject(expected);
  });

  it('without a key checks hashes and head only, and says the HMAC was not checked', () => {
    expect(verifyTrail('r1', events, headOf(events[2]!))).toMatchObject({ ok: true, hmac: 'not checked' });
  });
});

describe('settingsChanges', () => {
  it('one event per kind of change, none when the same values are saved again', () => {
    const before = { overrides: { nudgeEveryMs: 1 }, gateAdmins: ['U1', 'U2'] };
    expect(settingsChanges(before, { overrides: { nudgeEveryMs: 1 }, gateAdmins: ['U2', 'U1'] })).toEqual([]);
    expect(settingsChanges(before, { overrides: {}, gateAdmins: ['U1'] }).map((c) => c.type)).toEqual([
      'settings.changed',
      'admins.changed',
    ]);
  });
});
