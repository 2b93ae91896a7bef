import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer } from '../../src/db/embedded-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

const logger = {
  info: () => {},
  warn: (obj: object | string, msg?: string) => console.warn('[test-db]', msg ?? '', obj),
};

/** Starts one throw-away FerretDB for the whole run (or uses TEST_MONGODB_URI). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_MONGODB_URI;
  if (external) {
    project.provide('mongoUri', external);
    return async () => {};
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pilotgate-testdb-'));
  const server = await startEmbeddedServer({ dataDir, logger });
  project.provide('mongoUri', server.uri);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
