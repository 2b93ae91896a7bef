/** The shape every benchmark returns, and the Markdown table / JSON file the runner writes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One line of the table. `kind` says what a miss means: a `perf` target missed is a finding to
 * report; a `correctness` check failing (a lost or duplicated DM) is a bug and fails the run.
 */
export interface BenchRow {
  benchmark: string;
  figure: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline, when there is a baseline. */
  ratio?: number;
  target: string;
  pass: boolean;
  kind: 'perf' | 'correctness';
}

export interface BenchResult {
  name: string;
  rows: BenchRow[];
  /** What was measured with what: real feature code or a stand-in, sizes, seeding times. */
  notes: string[];
  details: Record<string, unknown>;
  /** A scale benchmark's measured work at this size: its time per item feeds the growth exponents. */
  scale?: ScalePoint;
  /** Filled in by run.ts for a scale benchmark: time per item at each size and the exponents between them. */
  growth?: Growth;
}

export interface ScalePoint {
  items: number;
  /** What an item is ("pilots"). */
  itemName: string;
  /** The measured work at this size (the benchmark's headline figure). */
  ms: number;
  /** A target on the time per item, when the benchmark has one. */
  maxMsPerItem?: number;
}

export interface BenchContext {
  quick: boolean;
  mongoUri: string;
  /** Database for this benchmark on the shared server. */
  dbName: string;
  /** For a benchmark with `sizes`: the size this seed or measure phase is for. */
  size?: number;
}

/** The module each benchmark file exports as `benchmark`. */
export interface Benchmark {
  name: string;
  /** Fills the database, in its own process so that its memory does not count against `measure`. */
  seed?(ctx: BenchContext): Promise<Record<string, unknown>>;
  measure(ctx: BenchContext, seeded: Record<string, unknown>): Promise<BenchResult>;
  /**
   * A scale benchmark: run.ts seeds and measures once per size (smallest first), each size in processes and
   * a database of its own, and adds the time per item and the growth exponents between sizes.
   */
  sizes?(quick: boolean): [number, number, number];
}

export interface Growth {
  itemName: string;
  points: Array<{ items: number; ms: number; msPerItem: number }>;
  /** log(t2/t1) / log(n2/n1) between consecutive sizes: 1 is linear, 0 flat, 2 quadratic. */
  exponents: Array<{ from: number; to: number; exponent: number }>;
}

/** Time per item at each size and the exponent between each pair of consecutive sizes. */
export function growthOf(points: ScalePoint[]): Growth {
  const sorted = [...points].sort((a, b) => a.items - b.items);
  const exponents = sorted.slice(1).map((p, i) => {
    const q = sorted[i]!;
    const exponent = Math.log(p.ms / q.ms) / Math.log(p.items / q.items);
    return { from: q.items, to: p.items, exponent: Math.round(exponent * 100) / 100 };
  });
  return {
    itemName: sorted[0]?.itemName ?? 'items',
    points: sorted.map((p) => ({ items: p.items, ms: p.ms, msPerItem: Math.round((p.ms / p.items) * 1000) / 1000 })),
    exponents,
  };
}

/** The table lines of a growth: time per item at each size, then each exponent. */
export function growthRows(benchmark: string, points: ScalePoint[], growth: Growth): BenchRow[] {
  const target = points[0]?.maxMsPerItem;
  const perItem = growth.points.map((p) =>
    row({
      benchmark,
      figure: `time per ${growth.itemName.replace(/s$/, '')} at ${p.items} ${growth.itemName}`,
      value: p.msPerItem,
      unit: 'ms',
      target: target === undefined ? 'for the record' : `≤ ${target} ms`,
      pass: target === undefined || p.msPerItem <= target,
    }),
  );
  const exponents = growth.exponents.map((e) =>
    row({
      benchmark,
      figure: `growth exponent ${e.from} → ${e.to} ${growth.itemName}`,
      value: e.exponent,
      unit: '',
      target: 'for the record (1 = linear)',
      pass: true,
    }),
  );
  return [...perItem, ...exponents];
}

export function row(input: Omit<BenchRow, 'ratio' | 'kind'> & { kind?: BenchRow['kind'] }): BenchRow {
  const ratio =
    input.baseline !== undefined && input.baseline > 0
      ? Math.round((input.value / input.baseline) * 100) / 100
      : undefined;
  return { kind: 'perf', ...input, ...(ratio !== undefined ? { ratio } : {}) };
}

const fmt = (v: number | undefined, unit = '') =>
  v === undefined || Number.isNaN(v) ? '—' : `${Number.isInteger(v) ? v : v.toFixed(v < 10 ? 2 : 1)}${unit}`;

export function markdownTable(results: BenchResult[]): string {
  const lines = [
    '| benchmark | figure | value | baseline | ratio | target | result |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const r of results.flatMap((x) => x.rows)) {
    const unit = r.unit ? ` ${r.unit}` : '';
    const verdict = r.pass ? 'pass' : r.kind === 'correctness' ? '**FAIL (bug)**' : '**miss**';
    lines.push(
      `| ${r.benchmark} | ${r.figure} | ${fmt(r.value, unit)} | ${fmt(r.baseline, r.baseline === undefined ? '' : unit)} | ${r.ratio === undefined ? '—' : `${r.ratio}×`} | ${r.target} | ${verdict} |`,
    );
  }
  return lines.join('\n');
}

export interface MachineInfo {
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  loadAverage: number[];
}

export function machine(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export function machineLine(m: MachineInfo): string {
  return `${m.cores} × ${m.cpu}, ${m.memoryGb} GB RAM, ${m.platform}, Node ${m.node}`;
}

export function writeResults(file: string, payload: Record<string, unknown>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
}
