/**
 * `npm run bench` — PilotGate's benchmarks (issue 6 item 4). Starts a throw-away FerretDB per
 * benchmark (or uses BENCH_MONGODB_URI), runs each benchmark's seed and measure phases in child
 * processes of their own, prints a Markdown table and writes bench-results/latest.json.
 *
 *   npm run bench                      full sizes (several minutes)
 *   npm run bench -- --quick           small sizes, proves the benchmarks still work (CI); or BENCH_QUICK=1
 *   npm run bench -- --only=digest,fanout
 *   npm run bench -- --strict          exit 1 when a performance target is missed, too
 *
 * Exit code: 1 when a benchmark crashed or a correctness check failed (a lost or duplicate DM);
 * performance misses are reported in the table and fail the run only with --strict.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { startEmbeddedServer } from '../../src/db/embedded-server.js';
import { BENCHMARKS } from './registry.js';
import { type BenchResult, growthOf, growthRows, machine, machineLine, markdownTable, writeResults } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = process.argv.slice(2);
const quick = args.includes('--quick') || ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
const strict = args.includes('--strict');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
  .filter(Boolean);
/** Upper bound for one phase of one benchmark; a hung benchmark is killed, not waited on. */
const PHASE_TIMEOUT_MS = quick ? 90_000 : 15 * 60_000;

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

function runPhase(name: string, phase: 'seed' | 'measure', ctx: Record<string, unknown>, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'child.ts'), name, phase], {
      cwd: root,
      env: { ...process.env, BENCH_CTX: JSON.stringify(ctx), BENCH_OUT: out },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PHASE_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(`${name} ${phase} failed (exit ${code ?? signal}${signal === 'SIGKILL' ? ', timed out' : ''})`),
        );
    });
  });
}

const dbNameOf = (name: string) => `bench_${name.replace(/\W/g, '_')}`;

async function runBenchmark(name: string, mongoUri: string, tmp: string, size?: number): Promise<BenchResult> {
  const label = size === undefined ? name : `${name}-${size}`;
  const ctx = { quick, mongoUri, dbName: dbNameOf(label), ...(size === undefined ? {} : { size }) };
  const seedOut = path.join(tmp, `${label}.seed.json`);
  const measureOut = path.join(tmp, `${label}.measure.json`);
  log(`${label}: seeding`);
  await runPhase(name, 'seed', ctx, seedOut);
  const seeded: unknown = JSON.parse(await readFile(seedOut, 'utf8'));
  log(`${label}: measuring`);
  await runPhase(name, 'measure', { ...ctx, seeded }, measureOut);
  return JSON.parse(await readFile(measureOut, 'utf8')) as BenchResult;
}

/**
 * A scale benchmark at each of its three sizes, each on a database server of its own (a size abandoned at
 * its cap must not slow the next), merged into one result with the time per item and the growth exponents.
 */
async function runAtSizes(name: string, sizes: number[], tmp: string): Promise<BenchResult> {
  const bySize: BenchResult[] = [];
  for (const size of sizes) {
    bySize.push(await withDatabase(tmp, `${name}-${size}`, (uri) => runBenchmark(name, uri, tmp, size)));
  }
  const points = bySize.map((r) => {
    if (!r.scale) throw new Error(`${name} at ${r.name} reported no scale point`);
    return r.scale;
  });
  const growth = growthOf(points);
  return {
    name,
    rows: [...bySize.flatMap((r) => r.rows), ...growthRows(name, points, growth)],
    notes: bySize.flatMap((r, i) => r.notes.map((n) => `(${sizes[i]}) ${n}`)),
    details: Object.fromEntries(bySize.map((r, i) => [String(sizes[i]), r.details])),
    growth,
  };
}

async function dropBenchDatabases(uri: string, names: string[]): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    for (const name of names) await client.db(dbNameOf(name)).dropDatabase();
  } finally {
    await client.close();
  }
}

/**
 * A database server per benchmark: work a benchmark abandons at its cap (a scan still reading) must
 * not slow down the next one. With BENCH_MONGODB_URI every benchmark shares that server instead.
 */
async function withDatabase<T>(tmp: string, name: string, work: (uri: string) => Promise<T>): Promise<T> {
  const external = process.env.BENCH_MONGODB_URI;
  if (external) {
    try {
      return await work(external);
    } finally {
      await dropBenchDatabases(external, [name]).catch(() => undefined);
    }
  }
  const dataDir = path.join(tmp, `db-${name}`);
  const db = await startEmbeddedServer({ dataDir, logger: { info: () => {}, warn: console.warn } });
  try {
    return await work(db.uri);
  } finally {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const names = Object.keys(BENCHMARKS).filter((n) => !only || only.includes(n));
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'pilotgate-bench-'));
  const started = Date.now();
  const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const results: BenchResult[] = [];
  const crashed: string[] = [];
  try {
    for (const name of names) {
      try {
        const sizes = (await BENCHMARKS[name]!()).sizes?.(quick);
        results.push(
          sizes
            ? await runAtSizes(name, sizes, tmp)
            : await withDatabase(tmp, name, (uri) => runBenchmark(name, uri, tmp)),
        );
      } catch (error) {
        crashed.push(`${name}: ${(error as Error).message}`);
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return report(results, crashed, Date.now() - started, loadAtStart);
}

function report(results: BenchResult[], crashed: string[], ms: number, loadAtStart: number[]): number {
  const m = { ...machine(), loadAverageAtStart: loadAtStart };
  const table = markdownTable(results);
  const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.name}: ${n}`));
  const text = [
    `PilotGate benchmarks (${quick ? 'quick mode: small sizes, figures not comparable to targets' : 'full'}), ${new Date().toISOString()}`,
    `Machine: ${machineLine(m)}; load average at start ${loadAtStart.join(' ')}, at end ${m.loadAverage.join(' ')}`,
    '',
    table,
    '',
    ...notes,
    ...crashed.map((c) => `- CRASHED ${c}`),
    '',
    `Total ${(ms / 1000).toFixed(1)} s.`,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  const file = path.join(root, 'bench-results', quick ? 'latest-quick.json' : 'latest.json');
  writeResults(file, {
    at: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: m,
    results,
    crashed,
    table,
  });
  log(`wrote ${path.relative(root, file)}`);
  const rows = results.flatMap((r) => r.rows);
  const bugs = rows.filter((r) => !r.pass && r.kind === 'correctness');
  const misses = rows.filter((r) => !r.pass && r.kind === 'perf');
  if (crashed.length || bugs.length) return 1;
  return strict && !quick && misses.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
