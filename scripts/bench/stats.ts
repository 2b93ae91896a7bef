/** Small measuring helpers shared by the benchmarks: percentiles, timers, peak RSS. */

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const mean = samples.reduce((s, x) => s + x, 0) / Math.max(1, samples.length);
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : Number.NaN,
    mean,
  };
}

/** Milliseconds since `start` (a performance.now() value), to 0.01 ms. */
export function elapsedMs(start: number): number {
  return Math.round((performance.now() - start) * 100) / 100;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: elapsedMs(start), value };
}

export const MB = 1024 * 1024;

/**
 * Samples this process's RSS every `everyMs` while `work` runs and reports the peak above the
 * level before it started as well as the absolute peak. Sampling misses spikes shorter than the
 * interval, so the absolute peak also takes the kernel's high-water mark (maxRSS) into account when
 * this process was started for one benchmark only (see run.ts: each benchmark runs in its own child).
 */
export async function withPeakRss<T>(
  work: () => Promise<T>,
  everyMs = 50,
): Promise<{ value: T; ms: number; peakRssMb: number; startRssMb: number }> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  try {
    const { ms, value } = await timed(work);
    peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    return { value, ms, peakRssMb: round1(peak / MB), startRssMb: round1(startRss / MB) };
  } finally {
    clearInterval(timer);
  }
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * Waits for `work` at most `capMs`. A benchmark that would run for many minutes reports "did not
 * finish within the cap" instead of holding up the run; the work is abandoned (the child process
 * running it exits right after).
 */
export async function withinCap<T>(work: Promise<T>, capMs: number): Promise<{ finished: boolean; value?: T }> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<{ finished: false }>((resolve) => {
    timer = setTimeout(() => resolve({ finished: false }), capMs);
  });
  const settled = work.then((value) => ({ finished: true, value }));
  // After the cap the abandoned work fails when the database closes under it; that is expected.
  settled.catch(() => undefined);
  try {
    return await Promise.race([settled, cap]);
  } finally {
    clearTimeout(timer);
  }
}
