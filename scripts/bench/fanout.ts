/**
 * DM fan-out: 5,000 nudges, each to a different user, through the app's delivery path
 * (`deps.repos.deliveries.once` + `deps.notifier.dm`) against the simulator enforcing Slack's
 * per-method rate tiers on a scaled clock. Checks nothing is lost or duplicated, that every 429 the
 * simulator served was retried, and compares the total time with the floor the limits allow.
 */
import type { WebClientEvent } from '@slack/web-api';
import { sendWithRetry } from '../../src/jobs/send-with-retry.js';
import { type BenchApp, startBenchDeps } from './app-env.js';
import { closeBenchDb, resetBenchDb } from './db.js';
import { type BenchContext, type Benchmark, type BenchResult, row } from './report.js';
import { elapsedMs, round1 } from './stats.js';

const TEAM = 'T0SIM0001';
/**
 * 1/60: Slack's "per minute" tiers become "per second". Slack (and the simulator) send Retry-After
 * in whole seconds, at least 1; at this scale a 1 s pause refills at most one bucket's worth
 * (50 tokens for Tier 3), so a client that honours Retry-After wastes no capacity and the floor
 * below is reachable. A smaller scale would make the floor unreachable for any Retry-After client.
 */
const SCALE = 1 / 60;
/** conversations.open is Tier 3: 50 per minute, bucket of 50 (test/support/slack-simulator.ts). */
const T3_PER_MINUTE = 50;
const sizes = (quick: boolean) => (quick ? { dms: 200 } : { dms: 5_000 });

/**
 * The fastest Slack's limits (as the simulator applies them) allow for n DMs to n different users:
 * each needs one conversations.open (Tier 3: a burst of 50, then 50 per scaled minute); each
 * chat.postMessage goes to its own channel, so the ~1/s per-channel limit never binds, and the
 * simulator models no workspace-wide chat.postMessage limit.
 */
export function floorMs(n: number, scale = SCALE): number {
  const perMs = T3_PER_MINUTE / (60_000 * scale);
  return Math.max(0, n - T3_PER_MINUTE) / perMs;
}

/**
 * Sending stops (nothing in flight is abandoned) once this much longer than the floor has passed:
 * far past the 1.15× target already, and bounded, because a send path that slows down as the
 * delivery store grows would otherwise run for many minutes. Lost/duplicates then count the users
 * whose DM was attempted.
 */
const CAP_FACTOR = 1.5;
const MIN_CAP_MS = 30_000;

/**
 * The nudge job's send path for one DM, as NudgeService.sendNudge has it: claim the dedupe key, then
 * sendWithRetry around notifier.dm; one DM after another, as the sweep (forEachItem) sends them.
 */
async function sendAll(app: BenchApp, users: string[], deadline: number) {
  let failures = 0;
  let attempted = 0;
  const now = app.clock.now();
  for (const [i, user] of users.entries()) {
    if (performance.now() > deadline) break;
    attempted++;
    const key = `bench:nudge:${user}`;
    const text = `Reminder: your answers for pilot ${i} are due.`;
    await app.deps.repos.deliveries
      .once(key, TEAM, now, () =>
        sendWithRetry({ job: 'bench.fanout', key }, () => app.deps.notifier.dm(TEAM, user, { text }), app.deps.logger),
      )
      .catch(() => {
        failures++;
      });
  }
  return {
    label: 'deliveries.once + sendWithRetry + notifier.dm, one DM at a time as the nudge sweep sends',
    failures,
    attempted,
  };
}

function countDeliveries(app: BenchApp, users: string[]) {
  let lost = 0;
  let duplicates = 0;
  for (const u of users) {
    const got = app.sim.dmsTo(u).length;
    if (got === 0) lost++;
    if (got > 1) duplicates += got - 1;
  }
  return { lost, duplicates };
}

export const benchmark: Benchmark = {
  name: 'fanout',
  async seed(ctx: BenchContext) {
    await resetBenchDb(ctx);
    await closeBenchDb();
    return {};
  },

  async measure(ctx: BenchContext): Promise<BenchResult> {
    const { dms } = sizes(ctx.quick);
    const app = await startBenchDeps(ctx, new Date());
    const users = Array.from({ length: dms }, (_x, i) => `U0FAN${String(i).padStart(6, '0')}`);
    const client = await app.deps.clients.forTeam(TEAM);
    let retried = 0;
    client.on('rate_limited' as WebClientEvent, () => {
      retried++;
    });
    app.sim.enforceRateLimits({ scale: SCALE });
    const start = performance.now();
    const deadline = start + Math.max(MIN_CAP_MS, CAP_FACTOR * floorMs(dms));
    const { label, failures, attempted } = await sendAll(app, users, deadline);
    const ms = elapsedMs(start);
    const served = app.sim.stats.rateLimited;
    const { lost, duplicates } = countDeliveries(app, users.slice(0, attempted));
    await app.stop();
    await closeBenchDb();
    return result({ dms, attempted, ms, served, retried, lost, duplicates, failures, label });
  },
};

function result(m: {
  dms: number;
  attempted: number;
  ms: number;
  served: number;
  retried: number;
  lost: number;
  duplicates: number;
  failures: number;
  label: string;
}): BenchResult {
  const floor = Math.round(floorMs(m.dms));
  const name = `DM fan-out ${m.dms} nudges`;
  const unretried = Math.max(0, m.served - m.retried);
  const correctness = { benchmark: name, unit: '', target: '0', kind: 'correctness' as const };
  const finished = m.attempted === m.dms;
  return {
    name: 'fanout',
    rows: [
      row({ ...correctness, figure: 'lost', value: m.lost, pass: m.lost === 0 }),
      row({ ...correctness, figure: 'duplicates', value: m.duplicates, pass: m.duplicates === 0 }),
      row({ ...correctness, figure: '429s left unretried', value: unretried, pass: unretried === 0 }),
      row({
        benchmark: name,
        figure: finished ? 'total time vs floor' : `stopped at ${CAP_FACTOR}× floor: ${m.attempted} of ${m.dms} sent`,
        value: round1(m.ms),
        unit: 'ms',
        baseline: floor,
        target: '≤ 1.15× floor',
        pass: finished && m.ms <= floor * 1.15,
      }),
    ],
    notes: [
      `measured: ${m.label}; simulator rate limits at scale 1/60 (a Slack minute is a second)`,
      `floor: conversations.open Tier 3 (burst 50, then 50 per scaled minute) for ${m.dms} users = ${floor} ms; chat.postMessage per-channel limit does not bind (one DM per channel)`,
      `429s served ${m.served}, retried by the WebClient ${m.retried}; sends that failed after retries ${m.failures}`,
      `${m.attempted} of ${m.dms} DMs attempted before the cap (${CAP_FACTOR}× floor, at least ${MIN_CAP_MS / 1000} s); ${Math.round((m.attempted / m.ms) * 1000)} DMs/s on average`,
    ],
    details: { ...m, floorMs: floor, scale: SCALE },
  };
}
