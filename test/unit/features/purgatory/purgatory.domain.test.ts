import { describe, expect, it } from 'vitest';
import { ROLE_IDS, SIGNAL_IDS } from '../../../../src/core/catalog.domain.js';
import type { PilotFlag } from '../../../../src/features/pilots/pilot.types.js';
import {
  alertKey,
  assessFlags,
  crossings,
  decisionDueAt,
  exitSteps,
  type FlagCadence,
  type FlagPilot,
  type FlagReview,
  promisingSince,
  sameFlags,
} from '../../../../src/features/purgatory/purgatory.domain.js';

const DAY = 86_400_000;
const T0 = new Date('2026-01-01T12:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const cadence: FlagCadence = { staleAfterMs: 14 * DAY, purgatoryWarnAfterMs: 90 * DAY, purgatoryAfterMs: 180 * DAY };

const pilot = (over: Partial<FlagPilot> = {}): FlagPilot => ({
  stage: 'in_review',
  plannedKpiValidationDate: '2027-06-30',
  ...over,
});

function review(kpi: string, over: Partial<FlagReview> = {}): FlagReview {
  return {
    statuses: SIGNAL_IDS.map((signal) => ({ signal, status: signal === 'kpi_validation' ? kpi : 'confirmed' })),
    answeredRoles: [...ROLE_IDS],
    openedAt: T0,
    lastActivityAt: T0,
    ...over,
  };
}

const kinds = (flags: PilotFlag[]) => flags.map((f) => f.kind);
const activeReview = (days: number) => review('confirmed', { lastActivityAt: at(days) });

describe('assessFlags: each flag set and cleared', () => {
  it.each([
    // [case, pilot, review, plan items, now (days after T0), expected kinds]
    ['fresh promising pilot: nothing', pilot(), activeReview(88), [], 89, []],
    ['at risk after the warn threshold', pilot({ promisingAt: T0 }), activeReview(89), [], 90, ['at_risk']],
    [
      'in purgatory after the purgatory threshold (at risk cleared)',
      pilot({ promisingAt: T0 }),
      activeReview(179),
      [],
      180,
      ['purgatory'],
    ],
    [
      'purgatory cleared by the decision (production)',
      pilot({ promisingAt: T0, stage: 'production' }),
      activeReview(1),
      [],
      200,
      [],
    ],
    ['at risk cleared by pause', pilot({ promisingAt: T0, stage: 'paused' }), activeReview(1), [], 100, []],
    ['KPIs not confirmed: no purgatory clock', pilot(), review('conditional', { lastActivityAt: at(99) }), [], 100, []],
    ['stale after staleAfter without activity', pilot(), review('pending'), [], 14, ['stale']],
    ['stale cleared by new activity', pilot(), review('pending', { lastActivityAt: at(13) }), [], 14, []],
    ['gap closure is not stale', pilot({ stage: 'pre_production' }), review('pending'), [], 30, []],
    [
      'overrunning past the planned date without KPIs',
      pilot({ plannedKpiValidationDate: '2026-01-05' }),
      review('pending', { lastActivityAt: at(5) }),
      [],
      5,
      ['overrunning'],
    ],
    [
      'not overrunning on the planned date itself',
      pilot({ plannedKpiValidationDate: '2026-01-05' }),
      review('pending', { lastActivityAt: at(3) }),
      [],
      3.4,
      [],
    ],
    [
      'overrunning cleared once KPIs are confirmed',
      pilot({ plannedKpiValidationDate: '2026-01-05' }),
      activeReview(9),
      [],
      10,
      [],
    ],
    [
      'overdue plan item',
      pilot({ stage: 'pre_production' }),
      review('conditional'),
      [{ dueDate: '2026-01-03' }],
      3,
      ['overdue'],
    ],
    [
      'not overdue on its due day',
      pilot({ stage: 'pre_production' }),
      review('conditional'),
      [{ dueDate: '2026-01-03' }],
      2,
      [],
    ],
    [
      'overdue cleared when done',
      pilot({ stage: 'pre_production' }),
      review('conditional'),
      [{ dueDate: '2026-01-03', doneAt: at(4) }],
      5,
      [],
    ],
  ])('%s', (_name, p, r, items, days, expected) => {
    expect(kinds(assessFlags(p, r, items, cadence, at(days)))).toEqual(expected);
  });

  it('carries several flags at once, in a fixed order', () => {
    const flags = assessFlags(
      pilot({ promisingAt: T0, plannedKpiValidationDate: '2026-01-02', stage: 'in_review' }),
      review('confirmed'),
      [{ dueDate: '2026-02-01' }],
      cadence,
      at(200),
    );
    expect(kinds(flags)).toEqual(['purgatory', 'stale', 'overdue']);
  });

  it('takes its thresholds from the cadence (a workspace running the cadence in seconds)', () => {
    const fast: FlagCadence = { staleAfterMs: 5_000, purgatoryWarnAfterMs: 10_000, purgatoryAfterMs: 20_000 };
    const p = pilot({ promisingAt: T0 });
    const r = review('confirmed', { lastActivityAt: new Date(T0.getTime() + 11_000) });
    expect(kinds(assessFlags(p, r, [], fast, new Date(T0.getTime() + 12_000)))).toEqual(['at_risk']);
    expect(kinds(assessFlags(p, r, [], fast, new Date(T0.getTime() + 21_000)))).toEqual(['purgatory', 'stale']);
  });

  it('says what would get the pilot out, and stays the same from one scan to the next', () => {
    const p = pilot({ promisingAt: T0 });
    const r = review('confirmed', {
      answeredRoles: ['executive_sponsor', 'operational_lead'],
      statuses: SIGNAL_IDS.map((signal) => ({ signal, status: signal === 'kpi_validation' ? 'confirmed' : 'pending' })),
      lastActivityAt: at(95),
    });
    const first = assessFlags(p, r, [], cadence, at(95));
    const next = assessFlags(p, r, [], cadence, at(96));
    expect(first[0]?.detail).toBe(
      "At risk of pilot purgatory: KPIs validated since 2026-01-01 and no scale decision after 90 days. To get out: a production investment case; C-suite alignment on scaling; a named operational owner; the missing answers (Technology lead, Governance lead, Change lead); the sponsor's decision.",
    );
    expect(first[0]?.since).toEqual(at(90));
    expect(sameFlags(first, next)).toBe(true);
  });

  it('names the decision date in the purgatory flag', () => {
    const flags = assessFlags(pilot({ promisingAt: T0 }), activeReview(199), [], cadence, at(200));
    expect(flags[0]?.detail).toContain('Decision due by 2026-08-03.');
    const kept = assessFlags(
      pilot({ promisingAt: T0, decisionDueAt: at(190) }),
      activeReview(199),
      [],
      cadence,
      at(200),
    );
    expect(kept[0]?.detail).toContain('Decision due by 2026-07-10.');
  });
});

describe('promisingSince, decisionDueAt, exitSteps', () => {
  it("prefers the recorded moment, then the review's last activity; none while KPIs are unconfirmed", () => {
    expect(promisingSince(pilot({ promisingAt: at(3) }), activeReview(9))).toEqual(at(3));
    expect(promisingSince(pilot(), activeReview(9))).toEqual(at(9));
    expect(promisingSince(pilot(), review('conditional'))).toBeUndefined();
    expect(promisingSince(pilot(), null)).toBeUndefined();
  });

  it('sets a decision date 14 days out on entering purgatory and keeps it; none outside purgatory', () => {
    const inPurgatory: PilotFlag[] = [{ kind: 'purgatory', since: at(180), detail: '' }];
    expect(decisionDueAt(pilot(), inPurgatory, at(181))).toEqual(at(195));
    expect(decisionDueAt(pilot({ decisionDueAt: at(190) }), inPurgatory, at(200))).toEqual(at(190));
    expect(decisionDueAt(pilot({ decisionDueAt: at(190) }), [], at(200))).toBeUndefined();
  });

  it('asks only for what is missing', () => {
    expect(exitSteps(review('confirmed'))).toEqual([
      'a production investment case',
      'C-suite alignment on scaling',
      "the sponsor's decision",
    ]);
  });
});

describe('crossings and alert keys', () => {
  const flag = (kind: PilotFlag['kind'], days = 90): PilotFlag => ({ kind, since: at(days), detail: kind });
  it.each([
    ['none → at risk', [], [flag('at_risk')], ['at_risk']],
    ['at risk → at risk (no new crossing)', [flag('at_risk')], [flag('at_risk')], []],
    ['at risk → purgatory', [flag('at_risk')], [flag('purgatory', 180)], ['purgatory']],
    ['stale and overdue never alert', [], [flag('stale'), flag('overdue'), flag('overrunning')], []],
    ['cleared is no crossing', [flag('purgatory')], [], []],
  ])('%s', (_name, before, after, expected) => {
    expect(kinds(crossings(before, after))).toEqual(expected);
  });

  it('keys an alert by pilot, flag and crossing date', () => {
    expect(alertKey('p1', flag('at_risk'))).toBe('purgatory:p1:at_risk:2026-04-01');
  });
});
