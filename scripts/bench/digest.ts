/**
 * Weekly digest at scale: 1,000, 3,000 and 10,000 pilots in one workspace, a fifth as many executive
 * sponsors (2,000 at 10,000). Measures
 * building every sponsor's digest the way the weekly job does (DigestService.build from one bulk read
 * of the workspace, then each digest rendered to its Block Kit message) and the process's peak RSS.
 * The baseline is a plain read of the same documents in the same process.
 */
import { DigestRepo } from '../../src/features/digests/digest.repo.js';
import { chartRenderer, type DigestService, type DueSponsor } from '../../src/features/digests/digest.service.js';
import { digestMessage } from '../../src/features/digests/digest.views.js';
import { latestOccurrence } from '../../src/features/digests/digest-schedule.domain.js';
import { formatLocal } from '../../src/shared/time.js';
import { checkMessage } from '../../test/support/block-kit-checker.js';
import { startBenchDeps } from './app-env.js';
import { closeBenchDb, Pilots, PlanItems, plainRead, Reviews, resetBenchDb } from './db.js';
import { type BenchContext, type Benchmark, type BenchResult, row } from './report.js';
import { seedPilots } from './seed.js';
import { timed, withPeakRss } from './stats.js';

const TEAM = 'T0BENCHDIG';
const ZONE = 'America/New_York';
/** Monday 10:00 in New York, an hour after the default digest cron (Mon 09:00) fired there. */
const NOW = new Date('2026-11-23T15:00:00Z');
const LAST_WEEK = new Date(NOW.getTime() - 7 * 86_400_000);
const SIZES = (quick: boolean): [number, number, number] => (quick ? [100, 200, 500] : [1_000, 3_000, 10_000]);
/** Pilots at this size and their sponsors (a fifth: 10,000 pilots, 2,000 sponsors). */
const sizes = (ctx: BenchContext) => {
  const pilots = ctx.size ?? SIZES(ctx.quick)[2];
  return { pilots, sponsors: pilots / 5 };
};

/** Every sponsor of the workspace, due at the latest cron moment in their zone. */
async function dueSponsors(at: Date): Promise<DueSponsor[]> {
  const occurrence = latestOccurrence('0 9 * * 1', ZONE, at);
  if (!occurrence) throw new Error('digest cron did not parse');
  const ids = (await Pilots.distinct('stakeholders.executive_sponsor', { teamId: TEAM })).map(String);
  return ids.map((sponsorId) => ({ sponsorId, occurrence, timeZone: ZONE }));
}

/** Builds and renders every due digest and its portfolio chart (PNG) as the weekly job does; returns the messages. */
async function buildAll(service: DigestService, repo: DigestRepo, due: DueSponsor[], now: Date) {
  const pilots = await repo.pilotsOf(TEAM);
  const built = await service.build(TEAM, pilots, due, now);
  const draw = chartRenderer();
  const out = [];
  for (const { sponsor, digest, chart } of built) {
    // The job uploads each chart and lets it go; holding 2,000 PNGs here would measure the benchmark.
    const pngBytes = (await draw(chart)).png.length;
    out.push({
      sponsor,
      digest,
      pngBytes,
      message: digestMessage(digest, formatLocal(sponsor.occurrence, sponsor.timeZone)),
    });
  }
  return out;
}

export const benchmark: Benchmark = {
  name: 'digest',
  sizes: SIZES,
  /** Pilots, reviews, plan items, and last week's digest snapshot per sponsor (so "what changed" has work). */
  async seed(ctx: BenchContext) {
    const { pilots, sponsors } = sizes(ctx);
    await resetBenchDb(ctx);
    const report = await seedPilots({ teamIds: [TEAM], pilots, sponsorsPerTeam: sponsors, now: NOW });
    const app = await startBenchDeps(ctx, LAST_WEEK);
    const repo = new DigestRepo(app.deps.repos);
    const lastWeek = await buildAll(app.deps.services.digests, repo, await dueSponsors(LAST_WEEK), LAST_WEEK);
    for (const { sponsor, digest } of lastWeek) {
      await repo.saveSnapshot(TEAM, sponsor.sponsorId, sponsor.occurrence, LAST_WEEK, digest.snapshot);
    }
    // A week of change: every seventh pilot was paused (7 shares no factor with the sponsor count,
    // so most sponsors keep open pilots and their digests say what closed).
    const ids = (await Pilots.find({ teamId: TEAM }, { _id: 1 }).lean()).filter((_d, k) => k % 7 === 0);
    await Pilots.updateMany({ _id: { $in: ids.map((d) => d._id) } }, { $set: { stage: 'paused' } });
    await app.stop();
    await closeBenchDb();
    return { ...report, sponsors, snapshots: lastWeek.length };
  },

  async measure(ctx: BenchContext, seeded): Promise<BenchResult> {
    const { pilots, sponsors } = sizes(ctx);
    const app = await startBenchDeps(ctx, NOW);
    const due = await dueSponsors(NOW);
    const service = app.deps.services.digests;
    const run = await withPeakRss(() => buildAll(service, new DigestRepo(app.deps.repos), due, NOW));
    // The plain read runs after the measured work, so the process's RSS high-water mark is the work's own.
    const baseline = await timed(() =>
      plainRead([
        { model: Pilots, filter: { teamId: TEAM } },
        { model: Reviews, filter: { teamId: TEAM } },
        { model: PlanItems, filter: { teamId: TEAM } },
      ]),
    );
    const violations = run.value.flatMap((d) => checkMessage(d.message));
    const withChanges = run.value.filter(
      ({ digest }) => digest.closedSince.length > 0 || digest.pilots.some((p) => p.changes.length > 0 || p.isNew),
    ).length;
    await app.stop();
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
        row({
          benchmark: name,
          figure: 'digests breaking Slack limits',
          value: violations.length,
          unit: '',
          target: '0',
          pass: violations.length === 0,
          kind: 'correctness',
        }),
      ],
      notes: [
        `measured: DigestRepo.pilotsOf + DigestService.build (reviews, open plan items, last week's snapshots) + digestMessage for ${due.length} due sponsors → ${run.value.length} digests (${withChanges} say what changed since last week)`,
        `baseline: plain find().lean() of pilots, reviews, plan items (${baseline.value} documents, ${Math.round((baseline.value / baseline.ms) * 1000)} docs/s from this database)`,
        `RSS when the build started ${run.startRssMb} MB (a process of its own: modules loaded, connected)`,
        `seeding ${seeded.pilots} pilots + reviews + ${seeded.planItems} plan items + ${seeded.snapshots} snapshots took ${seeded.ms} ms (${seeded.docsPerSecond} docs/s, pilot documents only)`,
      ],
      details: {
        seeded,
        baselineMs: baseline.ms,
        buildMs: run.ms,
        peakRssMb: run.peakRssMb,
        startRssMb: run.startRssMb,
        violations: violations.slice(0, 5),
      },
      scale: { items: pilots, itemName: 'pilots', ms: run.ms, maxMsPerItem: 0.5 },
    };
  },
};
