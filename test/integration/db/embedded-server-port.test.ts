import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, startEmbeddedServer } from '../../../src/db/embedded-server.js';

/**
 * The embedded server's port is found free, released, and only later bound by FerretDB: another
 * process can take it in between (a start once failed with "bind: address already in use").
 */
const dirs: string[] = [];
const held = new Set<net.Socket>();
const thief = net.createServer((socket) => {
  held.add(socket);
  socket.once('close', () => held.delete(socket));
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => (thief.listening ? thief.close(() => resolve()) : resolve()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('startEmbeddedServer when its port is taken before FerretDB binds it', () => {
  it('picks another port, starts there, and says so', async () => {
    const taken = await freePort();
    await new Promise<void>((resolve) => thief.listen(taken, '127.0.0.1', resolve));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pilotgate-port-'));
    dirs.push(dataDir);
    const warnings: unknown[] = [];
    const picks = [taken];
    const server = await startEmbeddedServer({
      dataDir,
      logger: { info: () => {}, warn: (obj) => warnings.push(obj) },
      pickPort: async () => picks.shift() ?? freePort(),
    });
    try {
      expect(server.uri).not.toBe(`mongodb://127.0.0.1:${taken}/`);
      const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000 });
      try {
        expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      } finally {
        await client.close();
      }
      expect(warnings).toEqual([expect.objectContaining({ port: taken, attempt: 1 })]);
    } finally {
      await server.stop();
    }
  });

  it('never takes another database server on that port for its own', async () => {
    // The test run's own FerretDB: it answers like ours would, but with another process id and data.
    const other = Number(new URL(inject('mongoUri')).port);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pilotgate-port-'));
    dirs.push(dataDir);
    const warnings: unknown[] = [];
    const picks = [other];
    const server = await startEmbeddedServer({
      dataDir,
      logger: { info: () => {}, warn: (obj) => warnings.push(obj) },
      pickPort: async () => picks.shift() ?? freePort(),
    });
    try {
      expect(server.uri).not.toBe(`mongodb://127.0.0.1:${other}/`);
      expect(warnings).toEqual([expect.objectContaining({ port: other, attempt: 1 })]);
    } finally {
      await server.stop();
    }
  });

  it('a fixed port that is taken fails start-up with FerretDB’s reason', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pilotgate-port-'));
    dirs.push(dataDir);
    const port = Number(new URL(inject('mongoUri')).port);
    await expect(startEmbeddedServer({ dataDir, port, logger: { info: () => {}, warn: () => {} } })).rejects.toThrow(
      /address already in use|another database server \(pid \d+\) holds/,
    );
  });
});
