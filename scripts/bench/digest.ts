/**
 * Weekly digest at scale: 10,000 pilots and 2,000 executive sponsors in one workspace. Measures the
 * time to build every sponsor's digest and the process's peak RSS; the baseline is a plain read of
 * the same documents in the same process.
 */
import { toEntity } from '../../src/db/to-entity.js';
import type { Pilot } from '../../src/features/pilots/pilot.types.js';
import type { PlanItem, Review } from '../../src/features/reviews/review.types.js';
import { signalGrid } from '../../src/features/reviews/review-card.views.js';
import { closeBenchDb, connectBenchDb, Pilots, PlanItems, plainRead, Reviews, resetBenchDb } from './db.js';
import { type BenchContext, type Benchmark, type BenchResult, row } from './report.js';
import { seedPilots } from './seed.js';
import { timed, withPeakRss } from './stats.js';

const TEAM = 'T0BENCHDIG';
const NOW = new Date('2026-11-23T09:00:00Z');
const sizes = (quick: boolean) => (quick ? { pilots: 500, sponsors: 100 } : { pilots: 10_000, sponsors: 2_000 });

/** Builds every digest of one workspace and returns how many sponsors got one. */
type DigestBuilder = (teamId: string, now: Date) => Promise<{ digests: number; label: string }>;

/**
 * Stand-in until the digest feature lands: one read per collection, joined in memory by pilot id,
 * grouped by sponsor, one line per pilot. It shows the harness works; it is not the product's digest.
 */
const standInBuilder: DigestBuilder = async (teamId) => {
  const [pilots, reviews, items] = await Promise.all([
    Pilots.find({ teamId })
      .lean()
      .then((d) => d.map((x) => toEntity<Pilot>(x))),
    Reviews.find({ teamId })
      .lean()
      .then((d) => d.map((x) => toEntity<Review>(x))),
    PlanItems.find({ teamId, doneAt: null })
      .lean()
      .then((d) => d.map((x) => toEntity<PlanItem>(x))),
  ]);
  const reviewByPilot = new Map(reviews.map((r) => [r.pilotId, r]));
  const openItems = new Map<string, number>();
  for (const i of items) openItems.set(i.pilotId, (openItems.get(i.pilotId) ?? 0) + 1);
  const bySponsor = new Map<string, string[]>();
  for (const p of pilots) {
    const sponsor = p.stakeholders.executive_sponsor;
    const grid = signalGrid(reviewByPilot.get(p.id)?.statuses ?? []);
    const line = `*${p.name}* · ${p.stage} · ${grid} · ${openItems.get(p.id) ?? 0} open plan items`;
    bySponsor.set(sponsor, [...(bySponsor.get(sponsor) ?? []), line]);
  }
  const digests = [...bySponsor.values()].map((lines) => ({ text: lines.join('\n') }));
  return {
    digests: digests.length,
    label: 'STAND-IN (digest feature not in the tree yet): read + join + group + text',
  };
};

async function findBuilder(): Promise<DigestBuilder> {
  return standInBuilder;
}

export const benchmark: Benchmark = {
  name: 'digest',
  async seed(ctx: BenchContext) {
    const { pilots, sponsors } = sizes(ctx.quick);
    await resetBenchDb(ctx);
    const report = await seedPilots({ teamIds: [TEAM], pilots, sponsorsPerTeam: sponsors, now: NOW });
    await closeBenchDb();
    return { ...report, sponsors };
  },

  async measure(ctx: BenchContext, seeded): Promise<BenchResult> {
    const { pilots, sponsors } = sizes(ctx.quick);
    await connectBenchDb(ctx);
    const build = await findBuilder();
    // Warm the connection and the server's page cache the same way for both measurements.
    await Pilots.findOne({ teamId: TEAM }).lean();
    const baseline = await timed(() =>
      plainRead([
        { model: Pilots, filter: { teamId: TEAM } },
        { model: Reviews, filter: { teamId: TEAM } },
        { model: PlanItems, filter: { teamId: TEAM } },
      ]),
    );
    const run = await withPeakRss(() => build(TEAM, NOW));
    await closeBenchDb();
    const name = `digest ${pilots} pilots / ${sponsors} sponsors`;
    return {
      name: 'digest',
      rows: [
        row({
          benchmark: name,
          figure: 'build all digests',
          value: run.ms,
          unit: 'ms',
          baseline: baseline.ms,
          target: '≤ 5000 ms',
          pass: run.ms <= 5000,
        }),
        row({
          benchmark: name,
          figure: 'peak RSS',
          value: run.peakRssMb,
          unit: 'MB',
          target: '≤ 300 MB',
          pass: run.peakRssMb <= 300,
        }),
      ],
      notes: [
        `measured: ${run.value.label}; ${run.value.digests} digests built`,
        `baseline: plain find().lean() of pilots, reviews, plan items (${baseline.value} documents)`,
        `RSS before the build ${run.startRssMb} MB (process of its own; modules loaded, connected)`,
        `seeding ${seeded.pilots} pilots + reviews + ${seeded.planItems} plan items took ${seeded.ms} ms (${seeded.docsPerSecond} docs/s)`,
      ],
      details: {
        seeded,
        baselineMs: baseline.ms,
        buildMs: run.ms,
        peakRssMb: run.peakRssMb,
        startRssMb: run.startRssMb,
      },
    };
  },
};
