/**
 * Ack latency under load: 50 concurrent senders, each sending signed requests one after another,
 * timed to the HTTP response (the ack). PilotGate and a bare Bolt app with no-op handlers run in
 * processes of their own and are measured in the same run with the same client, alternating
 * round by round so that machine noise hits both alike.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
type Target = 'app' | 'bare';

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
        name: mode === 'app' ? 'PilotGate' : 'bare Bolt',
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
  const samples: Samples = { command: { app: [], bare: [] }, view: { app: [], bare: [] } };
  for (const kind of ['command', 'view'] as const) {
    for (const t of ['bare', 'app'] as const)
      await load(targets[t], scenario, kind, { senders, perSender: warmup }, []);
    for (let r = 0; r < rounds; r++) {
      // Alternate who goes first, so neither always runs right after the other's post-ack work.
      const order: Target[] = r % 2 === 0 ? ['bare', 'app'] : ['app', 'bare'];
      for (const t of order)
        samples[kind][t].push(...(await load(targets[t], scenario, kind, { senders, perSender: perRound }, failed)));
    }
  }
  return { samples, failed };
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
      target: '≤ 3× bare and < 300 ms',
      pass: app.p99 <= 3 * bare.p99 && app.p99 < 300,
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
    const targets = { app: await startTarget('app', ctx, sim), bare: await startTarget('bare', ctx, sim) };
    try {
      const { samples, failed } = await measureAll(targets, scenario, ctx.quick);
      return resultOf(scenario, samples, failed, {
        senders: sizes(ctx.quick).senders,
        violations: sim.violations.length,
      });
    } finally {
      targets.app.stop();
      targets.bare.stop();
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
    view: { app: s('view', 'app'), bare: s('view', 'bare') },
  };
  const correctness = { benchmark: 'ack (both kinds)', unit: '', target: '0', kind: 'correctness' as const };
  return {
    name: 'ack-latency',
    rows: [
      ...rowsFor(shortLabel(scenario.commandLabel), summaries.command.app, summaries.command.bare),
      ...rowsFor(shortLabel(scenario.viewLabel), summaries.view.app, summaries.view.bare),
      row({ ...correctness, figure: 'non-200 acks', value: failed.length, pass: failed.length === 0 }),
      row({ ...correctness, figure: 'Slack-limit violations', value: run.violations, pass: run.violations === 0 }),
    ],
    notes: [
      `command measured: ${scenario.commandLabel}`,
      `view_submission measured: ${scenario.viewLabel}`,
      `${run.senders} concurrent senders, ${summaries.command.app.count} acks per app and kind; PilotGate and bare Bolt in processes of their own, alternating rounds`,
      ...[...new Set(failed)].slice(0, 3).map((f) => `non-200 ack: ${f}`),
    ],
    details: { summaries, failed: failed.length },
  };
}
