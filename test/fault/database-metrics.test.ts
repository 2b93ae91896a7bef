/**
 * The database stops under a running app: /metrics counts the trouble the driver sees. Like
 * database-down.test.ts, the app has its own FerretDB so stopping it harms no other test file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, freePort, startEmbeddedServer } from '../../src/db/embedded-server.js';
import { eventually, useApp } from '../support/app-harness.js';

const PORT = await freePort();
const quiet = { info: () => {}, warn: () => {} };
let dataDir = '';
let db: EmbeddedServer | undefined;
const startDb = async () => {
  db = await startEmbeddedServer({ dataDir, port: PORT, logger: quiet });
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'pilotgate-metrics-db-'));
  await startDb();
});
afterAll(async () => {
  await db?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const h = useApp({ env: { MONGODB_URI: `mongodb://127.0.0.1:${PORT}/`, METRICS: 'on' } });
const url = (p: string) => `http://127.0.0.1:${h.server.port}${p}`;
const errors = async () => {
  const text = await (await fetch(url('/metrics'))).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('pilotgate_database_errors_total{'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
};

describe('database errors in /metrics', () => {
  it('counts none while the database is up, and some once it is gone', async () => {
    expect(await errors()).toBe(0);
    await db?.stop();
    // The app notices on its next use of the database.
    await eventually(async () => (await fetch(url('/readyz'))).status === 503);
    await eventually(async () => (await errors()) > 0, 15_000);
    await startDb();
    await eventually(async () => (await fetch(url('/readyz'))).status === 200, 15_000);
  });
});
