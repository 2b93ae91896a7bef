import { describe, expect, it } from 'vitest';
import { ROLE_IDS, SIGNAL_IDS } from '../../../../src/core/catalog.domain.js';
import {
  bucketForDay,
  SCAN_BUCKETS,
  SCAN_NEVER,
  scanBucketOf,
} from '../../../../src/features/pilots/scan-schedule.domain.js';
import {
  assessFlags,
  cadenceKey,
  type FlagCadence,
  type FlagPilot,
  type FlagPlanItem,
  type FlagReview,
  nextScanDay,
  scanDays,
} from '../../../../src/features/purgatory/purgatory.domain.js';
import { seededRandom } from '../../../support/seeded-random.js';

const DAY = 86_400_000;
const T0 = new Date('2026-01-01T12:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const day = (d: Date) => d.toISOString().slice(0, 10);
const cadence: FlagCadence = { staleAfterMs: 14 * DAY, purgatoryWarnAfterMs: 90 * DAY, purgatoryAfterMs: 180 * DAY };

const pilot = (over: Partial<FlagPilot> = {}): FlagPilot => ({
  stage: 'in_review',
  plannedKpiValidationDate: '2027-06-30',
  ...over,
});
const review = (kpi: string, activity: Date): FlagReview => ({
  statuses: SIGNAL_IDS.map((signal) => ({ signal, status: signal === 'kpi_validation' ? kpi : 'confirmed' })),
  answeredRoles: [...ROLE_IDS],
  openedAt: T0,
  lastActivityAt: activity,
});

describe('nextScanDay: the day a pilot’s flags next change with no write', () => {
  it.each([
    ['stale after the last activity', pilot(), review('pending', at(0)), [], at(1), day(at(14))],
    [
      'at risk, then purgatory, after KPIs were validated',
      pilot({ promisingAt: T0 }),
      review('confirmed', at(100)),
      [],
      at(20),
      day(at(90)),
    ],
    ['purgatory once at risk', pilot({ promisingAt: T0 }), review('confirmed', at(100)), [], at(95), day(at(114))],
    [
      'the day after the planned KPI-validation date',
      pilot({ plannedKpiValidationDate: '2026-01-05' }),
      review('pending', at(3)),
      [],
      at(3),
      '2026-01-06',
    ],
    [
      'the day after an open plan item falls due',
      pilot({ stage: 'pre_production' }),
      review('pending', at(0)),
      [{ dueDate: '2026-01-09' }],
      at(2),
      '2026-01-10',
    ],
  ] satisfies [string, FlagPilot, FlagReview, FlagPlanItem[], Date, string][])(
    '%s',
    (_what, p, r, items, now, expected) => {
      expect(nextScanDay(p, r, items, cadence, now)).toBe(expected);
    },
  );

  it('never, for a decided pilot or one with nothing ahead', () => {
    expect(nextScanDay(pilot({ stage: 'production' }), review('pending', at(0)), [], cadence, at(1))).toBe(SCAN_NEVER);
    const allPast = pilot({ promisingAt: T0, plannedKpiValidationDate: '2025-12-01' });
    expect(
      nextScanDay(allPast, review('confirmed', at(0)), [{ dueDate: '2025-12-01', doneAt: at(0) }], cadence, at(400)),
    ).toBe(SCAN_NEVER);
  });

  it('property: the flags never change before that day, and do on it or the day after (400 seeded pilots)', () => {
    const random = seededRandom(6);
    for (let i = 0; i < 400; i++) {
      const stage = (['registered', 'in_review', 'pre_production'] as const)[Math.floor(random() * 3)]!;
      const p = pilot({
        stage,
        plannedKpiValidationDate: day(at(Math.floor(random() * 120))),
        ...(random() < 0.4 ? { promisingAt: at(Math.floor(random() * 60)) } : {}),
      });
      const r = review(random() < 0.5 ? 'confirmed' : 'pending', at(Math.floor(random() * 60)));
      const items = random() < 0.5 ? [{ dueDate: day(at(Math.floor(random() * 90))) }] : [];
      const now = at(60 + Math.floor(random() * 10));
      const next = nextScanDay(p, r, items, cadence, now);
      const flagsAt = (d: Date) => JSON.stringify(assessFlags(p, r, items, cadence, d));
      const before = flagsAt(now);
      const horizon = next === SCAN_NEVER ? at(800) : new Date(`${next}T00:00:00Z`);
      for (let t = now.getTime() + 3_600_000; t < horizon.getTime(); t += 6 * 3_600_000) {
        expect(flagsAt(new Date(t))).toBe(before);
      }
      if (next !== SCAN_NEVER) expect(flagsAt(new Date(horizon.getTime() + 2 * DAY))).not.toBe(before);
    }
    // 12 s alone; a loaded 2-core machine ran it past the default 20 s.
  }, 90_000);
});

describe('scan days and buckets', () => {
  it('covers every day from the last scan’s through today, and gives up past 60 days', () => {
    expect(scanDays('2026-11-23', '2026-11-24')).toEqual(['2026-11-23', '2026-11-24']);
    expect(scanDays('2026-11-24', '2026-11-24')).toEqual(['2026-11-24']);
    expect(scanDays('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(scanDays('2026-11-25', '2026-11-24')).toBeNull();
    expect(scanDays('2026-01-01', '2026-12-01')).toBeNull();
    expect(scanDays('garbage', '2026-12-01')).toBeNull();
  });

  it('SCAN_BUCKETS consecutive days visit every bucket once, and pilots spread over all buckets', () => {
    const week = Array.from({ length: SCAN_BUCKETS }, (_x, i) => bucketForDay(day(at(i))));
    expect(new Set(week).size).toBe(SCAN_BUCKETS);
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000 * SCAN_BUCKETS; i++) {
      const id = (0x65a0_0000_0000 + i * 7919).toString(16).padStart(24, '0');
      counts.set(scanBucketOf(id), (counts.get(scanBucketOf(id)) ?? 0) + 1);
    }
    expect(counts.size).toBe(SCAN_BUCKETS);
    for (const n of counts.values()) expect(n).toBeGreaterThan(700);
  });

  it('the thresholds key changes with any threshold', () => {
    expect(cadenceKey(cadence)).not.toBe(cadenceKey({ ...cadence, staleAfterMs: 7 * DAY }));
    expect(cadenceKey(cadence)).toBe(cadenceKey({ ...cadence }));
  });
});
