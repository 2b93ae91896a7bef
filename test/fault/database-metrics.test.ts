/**
 * The database stops under a running app: /metrics counts the trouble the driver sees. Like
 * database-down.test.ts, the app has its own FerretDB so stopping it harms no other test file.
 */
import { describe, expect, it } from 'vitest';
import { eventually, useApp } from '../support/app-harness.js';
import { useOwnDatabase } from '../support/own-database.js';

const db = await useOwnDatabase('metrics');
const h = useApp({ env: { MONGODB_URI: db.uri, METRICS: 'on' } });
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
    await db.stop();
    // The app notices on its next use of the database.
    await eventually(async () => (await fetch(url('/readyz'))).status === 503);
    await eventually(async () => (await errors()) > 0, 15_000);
    await db.start();
    await eventually(async () => (await fetch(url('/readyz'))).status === 200, 15_000);
  });
});
