import type { Benchmark } from './report.js';

/** Every benchmark by name, loaded on demand so a child process imports only the one it runs. */
export const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  'ack-latency': async () => (await import('./ack-latency.js')).benchmark,
  digest: async () => (await import('./digest.js')).benchmark,
  'purgatory-scan': async () => (await import('./purgatory-scan.js')).benchmark,
  fanout: async () => (await import('./fanout.js')).benchmark,
  'fanout-workspaces': async () => (await import('./fanout-workspaces.js')).benchmark,
  'home-publish': async () => (await import('./home-publish.js')).benchmark,
};
