/**
 * App Home publish for one person with 10, 50 and 200 pilots: the executive sponsor of every pilot of
 * their workspace, owner of its open plan items. Measures the real path (`HomeService.publish`: their
 * profile, the workspace's pilots and reviews, their plan items, the model, the view, `views.publish` to
 * the simulator), a few warm-up publishes first, then the median of repeated publishes. Each published
 * view is checked against Slack's limits.
 */
import { checkView } from '../../test/support/block-kit-checker.js';
import { startBenchDeps } from './app-env.js';
import { closeBenchDb, resetBenchDb } from './db.js';
import { type BenchContext, type Benchmark, type BenchResult, row } from './report.js';
import { seedPilots } from './seed.js';
import { elapsedMs, summarize } from './stats.js';

const TEAM = 'T0BENCHHOM';
/** Sponsor 0 of the workspace in seed.ts's naming: with one sponsor a workspace, every pilot's. */
const USER = `U${TEAM.slice(-3)}S00000`;
const NOW = new Date('2026-11-24T15:00:00Z');
const SIZES = (quick: boolean): [number, number, number] => (quick ? [5, 10, 20] : [10, 50, 200]);
const WARM_UP = 3;
const publishes = (quick: boolean) => (quick ? 5 : 30);

export const benchmark: Benchmark = {
  name: 'home-publish',
  sizes: SIZES,
  async seed(ctx: BenchContext) {
    await resetBenchDb(ctx);
    const report = await seedPilots({
      teamIds: [TEAM],
      pilots: ctx.size ?? SIZES(ctx.quick)[2],
      sponsorsPerTeam: 1,
      now: NOW,
      finish: ({ pilot, review, planItems }) => {
        // Public channels, as stored once the app has asked Slack; their plan items are the person's.
        pilot.channelPrivate = false;
        // What the app writes with every review (the bulk insert skips the model's defaults).
        review.decisionCount = (review.decisions as unknown[]).length;
        for (const item of planItems) item.ownerId = USER;
      },
    });
    await closeBenchDb();
    return { ...report };
  },

  async measure(ctx: BenchContext, seeded): Promise<BenchResult> {
    const pilots = ctx.size ?? SIZES(ctx.quick)[2];
    const app = await startBenchDeps(ctx, NOW);
    const home = app.deps.services.home;
    for (let k = 0; k < WARM_UP; k++) await home.publish(TEAM, USER);
    const samples: number[] = [];
    for (let k = 0; k < publishes(ctx.quick); k++) {
      const start = performance.now();
      await home.publish(TEAM, USER);
      samples.push(elapsedMs(start));
    }
    const views = app.sim.callsTo('views.publish');
    const violations = views.flatMap((c) => checkView(c.args.view));
    const failed = views.filter((c) => c.status !== 200).length;
    await app.stop();
    await closeBenchDb();
    const s = summarize(samples);
    const name = `home publish, one person with ${pilots} pilots`;
    return {
      name: 'home-publish',
      rows: [
        row({ benchmark: name, figure: 'publish p50', value: s.p50, unit: 'ms', target: 'for the record', pass: true }),
        row({ benchmark: name, figure: 'publish p90', value: s.p90, unit: 'ms', target: 'for the record', pass: true }),
        row({
          benchmark: name,
          figure: 'Home views breaking Slack limits or refused',
          value: violations.length + failed,
          unit: '',
          target: '0',
          pass: violations.length + failed === 0,
          kind: 'correctness',
        }),
      ],
      notes: [
        `measured: HomeService.publish (the real path, views.publish to the simulator) for ${USER}, sponsor of all ${pilots} pilots; ${WARM_UP} warm-up publishes, then ${samples.length} timed one after another`,
        `seeding ${seeded.pilots} pilots + reviews + ${seeded.planItems} plan items took ${seeded.ms} ms`,
      ],
      details: { seeded, publish: s, violations: violations.slice(0, 5), failed },
      scale: { items: pilots, itemName: 'pilots', ms: s.p50 },
    };
  },
};
