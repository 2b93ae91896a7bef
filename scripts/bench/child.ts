/**
 * Runs one phase (seed or measure) of one benchmark in a process of its own, so that each
 * measurement starts from a clean heap and its peak RSS is its own. Started by run.ts; reads the
 * context from BENCH_CTX and writes its JSON answer to BENCH_OUT.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { BENCHMARKS } from './registry.js';

const Ctx = z.object({
  quick: z.boolean(),
  mongoUri: z.string().min(1),
  dbName: z.string().min(1),
  size: z.number().int().positive().optional(),
  seeded: z.record(z.string(), z.unknown()).default({}),
});
const Args = z.tuple([z.enum(Object.keys(BENCHMARKS) as [string, ...string[]]), z.enum(['seed', 'measure'])]);

async function main(): Promise<void> {
  const [name, phase] = Args.parse(process.argv.slice(2));
  const ctx = Ctx.parse(JSON.parse(process.env.BENCH_CTX ?? '{}'));
  const out = z.string().min(1).parse(process.env.BENCH_OUT);
  const bench = await BENCHMARKS[name]!();
  const answer = phase === 'seed' ? ((await bench.seed?.(ctx)) ?? {}) : await bench.measure(ctx, ctx.seeded);
  writeFileSync(out, JSON.stringify(answer));
}

main().then(
  // Open handles (WebClient keep-alive, mongoose) must not keep a finished benchmark alive.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
