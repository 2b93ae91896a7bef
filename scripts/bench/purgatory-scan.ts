/**
 * Purgatory scan over 100,000 pilots (10 workspaces of 10,000): time one run of the daily scan job;
 * the baseline is a plain read of the pilots, reviews and plan items it has to look at.
 */
import { toEntity } from '../../src/db/to-entity.js';
import type { Pilot } from '../../src/features/pilots/pilot.types.js';
import type { Review } from '../../src/features/reviews/review.types.js';
import { type BenchApp, startBenchDeps } from './app-env.js';
import { closeBenchDb, Pilots, PlanItems, plainRead, Reviews, resetBenchDb } from './db.js';
import { type BenchContext, type Benchmark, type BenchResult, row } from './report.js';
import { seedPilots } from './seed.js';
import { timed, withPeakRss } from './stats.js';

const NOW = new Date('2026-11-24T06:00:00Z');
const TEAMS = Array.from({ length: 10 }, (_x, i) => `T0BENCHPG${i}`);
const sizes = (quick: boolean) => (quick ? { pilots: 500 } : { pilots: 100_000 });
const DAY = 86_400_000;

/** Runs one whole scan; returns what it did, for the notes. */
type Scan = (app: BenchApp) => Promise<{ label: string; detail: string }>;

/**
 * Stand-in until the purgatory feature lands: reads what a scan must read, a batch at a time, and
 * works out at-risk / purgatory / stale in memory without writing. Shows the harness works.
 */
const standInScan: Scan = async () => {
  let flagged = 0;
  for await (const doc of Pilots.find({}, { teamId: 1, promisingAt: 1, stage: 1 }).lean().cursor({ batchSize: 1000 })) {
    const { promisingAt } = toEntity<Pilot>(doc);
    if (promisingAt && NOW.getTime() - promisingAt.getTime() > 90 * DAY) flagged++;
  }
  for await (const doc of Reviews.find({}, { lastActivityAt: 1 }).lean().cursor({ batchSize: 1000 })) {
    if (NOW.getTime() - toEntity<Review>(doc).lastActivityAt.getTime() > 14 * DAY) flagged++;
  }
  const overdue = await PlanItems.countDocuments({ doneAt: null, dueDate: { $lt: NOW.toISOString().slice(0, 10) } });
  return {
    label: 'STAND-IN (purgatory feature not in the tree yet): cursor read + in-memory thresholds, no writes',
    detail: `${flagged + overdue} flags computed`,
  };
};

async function findScan(): Promise<Scan> {
  return standInScan;
}

export const benchmark: Benchmark = {
  name: 'purgatory-scan',
  async seed(ctx: BenchContext) {
    await resetBenchDb(ctx);
    const report = await seedPilots({
      teamIds: TEAMS,
      pilots: sizes(ctx.quick).pilots,
      sponsorsPerTeam: 200,
      now: NOW,
    });
    await closeBenchDb();
    return { ...report };
  },

  async measure(ctx: BenchContext, seeded): Promise<BenchResult> {
    const { pilots } = sizes(ctx.quick);
    const app = await startBenchDeps(ctx, NOW);
    const scan = await findScan();
    const baseline = await timed(() =>
      plainRead([
        { model: Pilots, filter: {} },
        { model: Reviews, filter: {} },
        { model: PlanItems, filter: {} },
      ]),
    );
    const run = await withPeakRss(() => scan(app));
    const alerts = app.sim.callsTo('chat.postMessage').length;
    await app.stop();
    await closeBenchDb();
    const name = `purgatory scan ${pilots} pilots`;
    return {
      name: 'purgatory-scan',
      rows: [
        row({
          benchmark: name,
          figure: 'one scan',
          value: run.ms,
          unit: 'ms',
          baseline: baseline.ms,
          target: '≤ 10000 ms',
          pass: run.ms <= 10_000,
        }),
      ],
      notes: [
        `measured: ${run.value.label}; ${run.value.detail}; ${alerts} channel alerts posted; peak RSS ${run.peakRssMb} MB`,
        `baseline: plain find().lean() of pilots, reviews, plan items (${baseline.value} documents)`,
        `seeding ${seeded.pilots} pilots + reviews + ${seeded.planItems} plan items over ${TEAMS.length} workspaces took ${seeded.ms} ms (${seeded.docsPerSecond} docs/s)`,
      ],
      details: { seeded, baselineMs: baseline.ms, scanMs: run.ms, peakRssMb: run.peakRssMb, alerts },
    };
  },
};
