/**
 * Many workspaces fanning out side by side: 1,000 workspaces × 5 nudges and 200 workspaces × 25,
 * through the nudge sweep itself (`services.nudges.sweep()`: the open-review cursor, cadence,
 * users.info, `deliveries.once` + `sendWithRetry` + `notifier.dm`), each workspace with its own bot
 * token, against the simulator enforcing Slack's tiers per token at scale 1/60 (as fanout.ts).
 * A few workspaces have their first conversations.open answered 429 with Retry-After: their waits must
 * delay nobody else. Each scenario sweeps the same seeded reviews three times, each with a fresh
 * notifier (no DM channel or profile cached): with no limits at all, with the tiers and the 429s
 * (measured), and with no limits again; the two unlimited sweeps give the machine's own floor.
 */
import { compose } from '../../src/app/compose.js';
import { loadSettings } from '../../src/config/settings.js';
import { ROLE_IDS } from '../../src/core/catalog.domain.js';
import { loadManifests } from '../../src/core/manifest.loader.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { type RecordedCall, SlackSimulator } from '../../test/support/slack-simulator.js';
import { appEnv } from './app-env.js';
import { closeBenchDb, connectBenchDb, resetBenchDb } from './db.js';
import { type BenchContext, type Benchmark, type BenchResult, type BenchRow, row } from './report.js';
import { seedPilots } from './seed.js';
import { elapsedMs, round1 } from './stats.js';

const DAY = 86_400_000;
/** As fanout.ts: a Slack minute lasts a second, so whole-second Retry-Afters waste no capacity. */
const SCALE = 1 / 60;
const NUDGES_PER_REVIEW = ROLE_IDS.length; // every role owes answers: one nudge per stakeholder
/** Workspaces whose first conversations.open is answered 429, and the Retry-After they are told (s). */
const LIMITED_WORKSPACES = 3;
const RETRY_AFTER_S = 2;
/** Burst and per-minute rate of the tiers one nudge uses (test/support/slack-simulator.ts). */
const TIERS = { 'users.info': 100, 'conversations.open': 50 };

interface Scenario {
  workspaces: number;
  nudgesPerWorkspace: number;
}
const scenarios = (quick: boolean): Scenario[] =>
  quick
    ? [
        { workspaces: 100, nudgesPerWorkspace: 5 },
        { workspaces: 20, nudgesPerWorkspace: 25 },
      ]
    : [
        { workspaces: 1_000, nudgesPerWorkspace: 5 },
        { workspaces: 200, nudgesPerWorkspace: 25 },
      ];

const WARM_UP: Scenario = { workspaces: 20, nudgesPerWorkspace: 5 };

const teamIdOf = (w: number) => `T${String(w).padStart(6, '0')}`;
const tokenOf = (teamId: string) => `xoxb-bench-${teamId}`;
const userOf = (teamId: string, review: number, role: number) => `U${teamId.slice(1)}R${review}N${role}`;

/**
 * The fastest the tiers let one workspace send n nudges (n users.info and n conversations.open;
 * each DM has its own channel, so chat.postMessage's per-channel limit never binds), plus any
 * Retry-After it was told to wait.
 */
export function workspaceFloorMs(n: number, retryAfterMs = 0, scale = SCALE): number {
  const tierMs = Object.values(TIERS).map((perMinute) => Math.max(0, n - perMinute) / (perMinute / (60_000 * scale)));
  return Math.max(retryAfterMs, ...tierMs);
}

/** Reviews in collection, every stakeholder owing answers, the round started three days ago. */
async function seed(ctx: BenchContext, s: Scenario, now: Date, manifestVersion: string) {
  await resetBenchDb(ctx);
  const teamIds = Array.from({ length: s.workspaces }, (_x, w) => teamIdOf(w));
  const reviewsPerWorkspace = s.nudgesPerWorkspace / NUDGES_PER_REVIEW;
  const started = new Date(now.getTime() - 3 * DAY);
  const report = await seedPilots({
    teamIds,
    pilots: s.workspaces * reviewsPerWorkspace,
    sponsorsPerTeam: 1,
    now,
    finish: ({ pilot, review }) => {
      const teamId = String(pilot.teamId);
      const inTeam = Math.floor(Number(String(pilot.name).split(' ')[1]) / s.workspaces);
      const stakeholders = Object.fromEntries(ROLE_IDS.map((r, k) => [r, userOf(teamId, inTeam, k)]));
      Object.assign(pilot, { stage: 'in_review', stakeholders, createdBy: stakeholders.executive_sponsor });
      Object.assign(review, {
        manifestVersion,
        rounds: [{ n: 1, startedAt: started, requiredRoles: [...ROLE_IDS], reason: 'opened' }],
        outcome: 'collecting',
        answeredRoles: [],
        decisions: [],
        decisionCount: 0,
        decidedRound: 0,
        openedAt: started,
      });
      delete review.decidedAt;
    },
  });
  return { teamIds, seedMs: report.ms };
}

interface Pass {
  ms: number;
  failed: number;
  calls: RecordedCall[];
}

/** One sweep with a freshly composed app (nothing cached), the clock at `now`. */
async function sweepOnce(ctx: BenchContext, sim: SlackSimulator, now: Date): Promise<Pass> {
  const settings = loadSettings(appEnv(ctx, sim.url, { QUIET_HOURS: '', ESCALATE_AFTER_NUDGES: '50' }));
  const deps = compose({
    settings,
    logger: createLogger(settings.logLevel),
    clock: new ManualClock(now),
    manifests: loadManifests(settings.manifestsDir),
    resolveToken: async (teamId) => tokenOf(teamId),
  });
  const start = performance.now();
  const summary = await deps.services.nudges.sweep();
  return { ms: elapsedMs(start), failed: summary.failed, calls: [...sim.calls] };
}

/** Reminders each stakeholder got in this pass: none is lost, a second one is a duplicate. */
function countDeliveries(sim: SlackSimulator, s: Scenario, teamIds: string[]) {
  let lost = 0;
  let duplicates = 0;
  const reviews = s.nudgesPerWorkspace / NUDGES_PER_REVIEW;
  for (const teamId of teamIds) {
    for (let r = 0; r < reviews; r++) {
      for (let k = 0; k < NUDGES_PER_REVIEW; k++) {
        const got = sim.dmsTo(userOf(teamId, r, k)).filter((m) => m.text.startsWith('Reminder:')).length;
        if (got === 0) lost++;
        if (got > 1) duplicates += got - 1;
      }
    }
  }
  return { lost, duplicates };
}

/**
 * The longest pause in other workspaces' sends while a 429'd workspace waited out its Retry-After:
 * from its 429 to its next successful conversations.open, the largest gap between consecutive
 * successful chat.postMessage calls of every other workspace (window edges count while others
 * still had sends to make after it). Near 0 when the waits hold back only their own workspace.
 */
/** The longest gap between consecutive successful sends in a whole pass: the machine's own stalls. */
function longestGapMs(calls: readonly RecordedCall[]): number {
  const at = calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200).map((c) => c.at);
  at.sort((a, b) => a - b);
  return at.reduce((worst, t, i) => (i === 0 ? 0 : Math.max(worst, t - at[i - 1]!)), 0);
}

export function maxDelayCausedMs(calls: readonly RecordedCall[], limitedTokens: ReadonlySet<string>): number {
  const others = calls
    .filter((c) => c.method === 'chat.postMessage' && c.status === 200 && !limitedTokens.has(c.token ?? ''))
    .map((c) => c.at)
    .sort((a, b) => a - b);
  let worst = 0;
  for (const token of limitedTokens) {
    const mine = calls.filter((c) => c.method === 'conversations.open' && c.token === token);
    const from = mine.find((c) => c.status === 429)?.at;
    const to = mine.find((c) => c.status === 200 && from !== undefined && c.at >= from)?.at;
    if (from === undefined || to === undefined) continue;
    const lastOther = others.at(-1) ?? 0;
    const points = [from, ...others.filter((t) => t > from && t < to), ...(lastOther > to ? [to] : [])];
    for (let i = 1; i < points.length; i++) worst = Math.max(worst, points[i]! - points[i - 1]!);
  }
  return worst;
}

async function runScenario(ctx: BenchContext, sim: SlackSimulator, s: Scenario, manifestVersion: string) {
  const now = new Date();
  const { teamIds, seedMs } = await seed(ctx, s, now, manifestVersion);
  for (const teamId of teamIds) {
    sim.bindToken(tokenOf(teamId), { id: teamId, name: `Bench ${teamId}`, domain: teamId.toLowerCase() });
  }
  // Three sweeps, one day (NUDGE_EVERY) apart, so each stakeholder's next nudge is due in each: no limits,
  // then tiers per token with a few workspaces' 429s (measured), then no limits again. The floor is the mean
  // of the two unlimited sweeps around the measured one, so warm-up and a growing store favour neither side.
  const unlimited = async (day: number) => {
    sim.reset();
    sim.disableRateLimits();
    const pass = await sweepOnce(ctx, sim, new Date(now.getTime() + day * DAY));
    return { ...pass, lost: countDeliveries(sim, s, teamIds).lost };
  };
  const before = await unlimited(0);
  sim.reset();
  sim.enforceRateLimits({ scale: SCALE });
  const limited = teamIds.slice(0, LIMITED_WORKSPACES).map(tokenOf);
  for (const token of limited) sim.inject('conversations.open', { retryAfter: RETRY_AFTER_S, token });
  const measured = await sweepOnce(ctx, sim, new Date(now.getTime() + DAY));
  const { lost, duplicates } = countDeliveries(sim, s, teamIds);
  const after = await unlimited(2);
  const free = { ms: (before.ms + after.ms) / 2, failed: before.failed + after.failed, lost: before.lost + after.lost };
  const served = measured.calls.filter((c) => c.status === 429).length;
  return {
    ...s,
    seedMs: round1(seedMs),
    freeMs: round1(free.ms),
    freeRunsMs: [round1(before.ms), round1(after.ms)],
    freeLost: free.lost,
    ms: round1(measured.ms),
    failed: measured.failed + free.failed,
    lost,
    duplicates,
    served,
    largestFloorMs: Math.round(workspaceFloorMs(s.nudgesPerWorkspace, RETRY_AFTER_S * 1000)),
    sumOfFloorsMs: Math.round(
      LIMITED_WORKSPACES * workspaceFloorMs(s.nudgesPerWorkspace, RETRY_AFTER_S * 1000) +
        (s.workspaces - LIMITED_WORKSPACES) * workspaceFloorMs(s.nudgesPerWorkspace),
    ),
    delayMs: round1(maxDelayCausedMs(measured.calls, new Set(limited))),
    freeLongestGapMs: Math.max(longestGapMs(before.calls), longestGapMs(after.calls)),
  };
}

type Outcome = Awaited<ReturnType<typeof runScenario>>;

function rowsOf(o: Outcome): BenchRow[] {
  const name = `fan-out ${o.workspaces} workspaces × ${o.nudgesPerWorkspace} nudges`;
  const correctness = { benchmark: name, unit: '', target: '0', kind: 'correctness' as const };
  const floor = Math.max(o.largestFloorMs, o.freeMs);
  return [
    row({ ...correctness, figure: 'lost', value: o.lost + o.freeLost, pass: o.lost + o.freeLost === 0 }),
    row({ ...correctness, figure: 'duplicates', value: o.duplicates, pass: o.duplicates === 0 }),
    row({ ...correctness, figure: 'nudges failed after retries', value: o.failed, pass: o.failed === 0 }),
    row({
      benchmark: name,
      figure: 'total time vs largest workspace’s floor',
      value: o.ms,
      unit: 'ms',
      baseline: floor,
      target: '≤ 1.15× floor',
      pass: o.ms <= floor * 1.15,
    }),
    row({
      benchmark: name,
      figure: 'max pause a 429’d workspace caused others',
      value: o.delayMs,
      unit: 'ms',
      baseline: RETRY_AFTER_S * 1000,
      target: '≤ 0.25× its Retry-After',
      pass: o.delayMs <= RETRY_AFTER_S * 250,
    }),
  ];
}

export const benchmark: Benchmark = {
  name: 'fanout-workspaces',
  async measure(ctx: BenchContext): Promise<BenchResult> {
    const sim = new SlackSimulator();
    await sim.start();
    await connectBenchDb(ctx);
    const manifestVersion = loadManifests('manifests').version;
    const outcomes: Outcome[] = [];
    try {
      // Warm-up, not reported: the first sweep in a process pays for compiling the code paths.
      await runScenario(ctx, sim, WARM_UP, manifestVersion);
      for (const s of scenarios(ctx.quick)) outcomes.push(await runScenario(ctx, sim, s, manifestVersion));
    } finally {
      await sim.stop();
      await closeBenchDb();
    }
    return {
      name: 'fanout-workspaces',
      rows: outcomes.flatMap(rowsOf),
      notes: [
        'measured: NudgeService.sweep() as the nudge job runs it, one bot token per workspace, simulator tiers per token at scale 1/60',
        `floor: the larger of (a) the largest single workspace’s rate-limit floor: its users.info (Tier 4, burst 100) and conversations.open (Tier 3, burst 50) at 1/60, plus the ${RETRY_AFTER_S} s Retry-After told to ${LIMITED_WORKSPACES} workspaces, and (b) the same sweep over the same reviews with no limits and no 429s, the mean of one run just before and one just after (the machine's own floor)`,
        ...outcomes.map(
          (o) =>
            `${o.workspaces}×${o.nudgesPerWorkspace}: ${o.ms} ms with tiers and 429s; no-limit passes before and after ${o.freeRunsMs.join(' and ')} ms; largest workspace's rate floor ${o.largestFloorMs} ms; sum of all workspaces' floors (a one-at-a-time sender's least) ${o.sumOfFloorsMs} ms; 429s served ${o.served}; longest gap between sends in the no-limit passes ${o.freeLongestGapMs} ms (a one-at-a-time sender pauses everyone ${RETRY_AFTER_S * 1000} ms); seeded in ${o.seedMs} ms`,
        ),
      ],
      details: { scale: SCALE, retryAfterS: RETRY_AFTER_S, limitedWorkspaces: LIMITED_WORKSPACES, outcomes },
    };
  },
};
