/**
 * Ack latency under load: 50 concurrent senders, each sending signed requests one after another,
 * timed to the HTTP response (the ack). PilotGate, a bare Bolt app with no-op handlers, and the storage
 * floor (bare Bolt doing one indexed read and one answer-sized insert before a view's ack) run in
 * processes of their own and are measured in the same run with the same client, taking turns round by
 * round so that machine noise hits them alike. `/gate status` acks before reading anything, so its floor
 * is the bare app; a questionnaire submission saves before its ack, so its floor is the storage floor.
 * The database commands of one request of each kind are counted too (test/support/round-trips.ts).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandTable, countByCommand } from '../../test/support/db-commands.js';
import { ROUND_TRIP_TARGETS, type RoundTripOperation } from '../../test/support/round-trips.js';
import { type AckResult, SignedSlackClient } from '../../test/support/signed-client.js';
import { SlackSimulator } from '../../test/support/slack-simulator.js';
import { prepareScenario, type Scenario } from './ack-scenario.js';
import { SIGNING_SECRET } from './app-env.js';
import { closeBenchDb, resetBenchDb } from './db.js';
import { type BenchContext, type Benchmark, type BenchResult, type BenchRow, row } from './report.js';
import { type LatencySummary, round1, summarize } from './stats.js';

/**
 * Each sender acts for a pilot of its own (its technology lead edits their answers), as 50 people
 * would; senders sharing one review would measure contention on one document instead.
 */
const sizes = (quick: boolean) =>
  quick
    ? { senders: 10, rounds: 2, perRound: 2, warmup: 2, pilots: 10 }
    : { senders: 50, rounds: 4, perRound: 5, warmup: 5, pilots: 50 };
const here = path.dirname(fileURLToPath(import.meta.url));

type Kind = 'command' | 'view';
type Target = 'app' | 'bare' | 'floor' | 'writes';

interface RunningTarget {
  name: string;
  client: SignedSlackClient;
  stop(): void;
}

/** Starts ack-target.ts in a child process and waits for the port it listens on. */
function startTarget(mode: Target, ctx: BenchContext, sim: SlackSimulator): Promise<RunningTarget> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, BENCH_TARGET: JSON.stringify({ mode, ...ctx, simUrl: sim.url }) };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'ack-target.ts')], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('exit', (code) => reject(new Error(`${mode} target exited (${code}) before it was ready`)));
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (line: string) => {
      const { port } = JSON.parse(line) as { port: number };
      const appUrl = `http://127.0.0.1:${port}/slack/events`;
      resolve({
        name: { app: 'PilotGate', bare: 'bare Bolt', floor: 'storage floor', writes: 'three writes' }[mode],
        client: new SignedSlackClient({ appUrl, signingSecret: SIGNING_SECRET, simulator: sim }),
        stop: () => {
          child.kill('SIGTERM');
          // A target that ignores SIGTERM must not outlive the benchmark.
          setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        },
      });
    });
  });
}

function send(target: RunningTarget, scenario: Scenario, kind: Kind, sender: number): Promise<AckResult> {
  return kind === 'command'
    ? target.client.command(scenario.command(sender))
    : target.client.viewSubmission(scenario.view(sender));
}

/** `senders` senders at once, each sending `perSender` requests back to back; returns ms per ack. */
async function load(
  target: RunningTarget,
  scenario: Scenario,
  kind: Kind,
  load: { senders: number; perSender: number },
  failed: string[],
) {
  const { perSender } = load;
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: load.senders }, async (_x, sender) => {
      for (let k = 0; k < perSender; k++) {
        const start = performance.now();
        const ack = await send(target, scenario, kind, sender);
        samples.push(performance.now() - start);
        if (ack.status !== 200)
          failed.push(`${target.name} ${kind}: HTTP ${ack.status} after ${Math.round(performance.now() - start)} ms`);
      }
    }),
  );
  return samples;
}

type Samples = Record<Kind, Record<Target, number[]>>;

async function measureAll(targets: Record<Target, RunningTarget>, scenario: Scenario, quick: boolean) {
  const { rounds, perRound, warmup, senders } = sizes(quick);
  const failed: string[] = [];
  const samples: Samples = {
    command: { app: [], bare: [], floor: [], writes: [] },
    view: { app: [], bare: [], floor: [], writes: [] },
  };
  for (const kind of ['command', 'view'] as const) {
    // The storage floor differs from the bare app only for a view_submission.
    const kindTargets: Target[] = kind === 'view' ? ['bare', 'floor', 'writes', 'app'] : ['bare', 'app'];
    for (const t of kindTargets) await load(targets[t], scenario, kind, { senders, perSender: warmup }, []);
    for (let r = 0; r < rounds; r++) {
      // Rotate who goes first, so none always runs right after another's post-ack work.
      const order = kindTargets.map((_t, i) => kindTargets[(i + r) % kindTargets.length]!);
      for (const t of order)
        samples[kind][t].push(...(await load(targets[t], scenario, kind, { senders, perSender: perRound }, failed)));
    }
  }
  return { samples, failed };
}

/** A save acks after its write: p50 ≤ 1.5× and p99 ≤ 2× the storage floor measured in the same run. */
function rowsAgainstFloor(label: string, app: LatencySummary, floor: LatencySummary): BenchRow[] {
  const benchmark = `ack ${label}`;
  return [
    row({
      benchmark,
      figure: 'p50 vs storage floor',
      value: round1(app.p50),
      unit: 'ms',
      baseline: round1(floor.p50),
      target: '≤ 1.5× floor',
      pass: app.p50 <= 1.5 * floor.p50,
    }),
    row({
      benchmark,
      figure: 'p99 vs storage floor',
      value: round1(app.p99),
      unit: 'ms',
      baseline: round1(floor.p99),
      target: '≤ 2× floor',
      pass: app.p99 <= 2 * floor.p99,
    }),
  ];
}

/** Database commands of one request per operation, against the targets. */
function roundTripRows(roundTrips: Scenario['roundTrips']): BenchRow[] {
  return Object.entries(roundTrips).map(([operation, commands]) => {
    const target = ROUND_TRIP_TARGETS[operation as RoundTripOperation];
    return row({
      benchmark: 'round trips',
      figure: operation,
      value: commands.length,
      unit: 'commands',
      target: `≤ ${target}`,
      pass: commands.length <= target,
    });
  });
}

function rowsFor(label: string, app: LatencySummary, bare: LatencySummary): BenchRow[] {
  const benchmark = `ack ${label}`;
  return [
    row({
      benchmark,
      figure: 'p50',
      value: round1(app.p50),
      unit: 'ms',
      baseline: round1(bare.p50),
      target: '≤ 2× bare',
      pass: app.p50 <= 2 * bare.p50,
    }),
    row({
      benchmark,
      figure: 'p99',
      value: round1(app.p99),
      unit: 'ms',
      baseline: round1(bare.p99),
      // Issue 14's target is the ratio alone: an absolute bound measures the machine's load, not the app.
      target: '≤ 3× bare',
      pass: app.p99 <= 3 * bare.p99,
    }),
  ];
}

export const benchmark: Benchmark = {
  name: 'ack-latency',
  async seed(ctx: BenchContext) {
    await resetBenchDb(ctx);
    await closeBenchDb();
    return {};
  },

  async measure(ctx: BenchContext): Promise<BenchResult> {
    const sim = new SlackSimulator();
    await sim.start();
    const scenario = await prepareScenario(ctx, sim, sizes(ctx.quick).pilots);
    const targets = {
      app: await startTarget('app', ctx, sim),
      bare: await startTarget('bare', ctx, sim),
      floor: await startTarget('floor', ctx, sim),
      writes: await startTarget('writes', ctx, sim),
    };
    try {
      const { samples, failed } = await measureAll(targets, scenario, ctx.quick);
      return resultOf(scenario, samples, failed, {
        senders: sizes(ctx.quick).senders,
        violations: sim.violations.length,
      });
    } finally {
      targets.app.stop();
      targets.bare.stop();
      targets.floor.stop();
      targets.writes.stop();
      await sim.stop();
    }
  },
};

/** The table name of a request kind: its label, marked when a stand-in was measured. */
const shortLabel = (label: string) => `${label.split(' (')[0]}${label.includes('STAND-IN') ? ' [stand-in]' : ''}`;

function resultOf(
  scenario: Scenario,
  samples: Samples,
  failed: string[],
  run: { senders: number; violations: number },
): BenchResult {
  const s = (k: Kind, t: Target) => summarize(samples[k][t]);
  const summaries = {
    command: { app: s('command', 'app'), bare: s('command', 'bare') },
    view: { app: s('view', 'app'), bare: s('view', 'bare'), floor: s('view', 'floor'), writes: s('view', 'writes') },
  };
  const viewLabel = shortLabel(scenario.viewLabel);
  const view = summaries.view;
  const correctness = { benchmark: 'ack (both kinds)', unit: '', target: '0', kind: 'correctness' as const };
  return {
    name: 'ack-latency',
    rows: [
      ...rowsFor(shortLabel(scenario.commandLabel), summaries.command.app, summaries.command.bare),
      ...rowsAgainstFloor(viewLabel, view.app, view.floor),
      ...roundTripRows(scenario.roundTrips),
      row({ ...correctness, figure: 'non-200 acks', value: failed.length, pass: failed.length === 0 }),
      row({ ...correctness, figure: 'Slack-limit violations', value: run.violations, pass: run.violations === 0 }),
    ],
    notes: [
      `command measured: ${scenario.commandLabel}`,
      `view_submission measured: ${scenario.viewLabel}`,
      `${run.senders} concurrent senders, ${summaries.command.app.count} acks per app and kind; PilotGate, bare Bolt and the storage floor in processes of their own, taking turns by round`,
      `${viewLabel} vs bare Bolt (no-op ack, for the record): p50 ${round1(view.app.p50)} / ${round1(view.bare.p50)} ms, p99 ${round1(view.app.p99)} / ${round1(view.bare.p99)} ms; storage floor p50 ${round1(view.floor.p50)} ms, p99 ${round1(view.floor.p99)} ms`,
      `${viewLabel} vs the three writes of a save alone (bare Bolt making them, for the record): p50 ${round1(view.app.p50)} / ${round1(view.writes.p50)} ms = ${round1(view.app.p50 / view.writes.p50)}×, p99 ${round1(view.app.p99)} / ${round1(view.writes.p99)} ms`,
      `database commands per operation (one request each):\n${commandTable(scenario.roundTrips)}`,
      ...[...new Set(failed)].slice(0, 3).map((f) => `non-200 ack: ${f}`),
    ],
    details: {
      summaries,
      failed: failed.length,
      roundTrips: Object.fromEntries(
        Object.entries(scenario.roundTrips).map(([op, commands]) => [op, Object.fromEntries(countByCommand(commands))]),
      ),
    },
  };
}
