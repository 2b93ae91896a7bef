import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type EmbeddedServer, freePort, startEmbeddedServer } from '../../src/db/embedded-server.js';

export interface OwnDatabase {
  /** The URI of this file's own FerretDB (a fixed port, so a restarted server is the same address). */
  uri: string;
  /** Stops the server under the running app. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
}

/**
 * A FerretDB of this test file's own, for tests that stop the database under a running app without
 * harming other files. Started in beforeAll, stopped and its data folder removed in afterAll.
 */
export async function useOwnDatabase(name: string): Promise<OwnDatabase> {
  const port = await freePort();
  const quiet = { info: () => {}, warn: () => {} };
  let dataDir = '';
  let server: EmbeddedServer | undefined;
  const start = async () => {
    server = await startEmbeddedServer({ dataDir, port, logger: quiet });
  };
  const stop = async () => {
    await server?.stop();
  };
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), `pilotgate-${name}-db-`));
    await start();
  });
  afterAll(async () => {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { uri: `mongodb://127.0.0.1:${port}/`, start, stop };
}
