import { describe, expect, it } from 'vitest';
import { forEachItemPerWorkspace } from '../../../src/jobs/for-each-item-per-workspace.js';
import { createLogger } from '../../../src/shared/logger.js';

interface Item {
  id: string;
  team: string;
  ms: number;
}
const identity = { idOf: (i: Item) => i.id, teamOf: (i: Item) => i.team };
const logger = createLogger('silent');
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const items = (team: string, n: number, ms: number): Item[] =>
  Array.from({ length: n }, (_x, i) => ({ id: `${team}-${i}`, team, ms }));

async function* slowly(list: Item[]): AsyncGenerator<Item> {
  for (const item of list) {
    await tick(0);
    yield item;
  }
}

describe('forEachItemPerWorkspace', () => {
  it('runs every item once, never more than the limits at once', async () => {
    const running = new Map<string, number>();
    let total = 0;
    let most = 0;
    let mostOneTeam = 0;
    const seen: string[] = [];
    // Items long enough that the reader keeps every slot filled even on a loaded machine.
    const all = [...items('T1', 6, 30), ...items('T2', 6, 20), ...items('T3', 6, 10)];
    const summary = await forEachItemPerWorkspace(
      'test',
      slowly(all),
      identity,
      async (item) => {
        running.set(item.team, (running.get(item.team) ?? 0) + 1);
        total++;
        most = Math.max(most, total);
        mostOneTeam = Math.max(mostOneTeam, running.get(item.team) ?? 0);
        await tick(item.ms);
        seen.push(item.id);
        total--;
        running.set(item.team, (running.get(item.team) ?? 0) - 1);
      },
      logger,
      { perWorkspace: 2, overall: 4, buffered: 8 },
    );
    expect(summary).toEqual({ done: 18, failed: 0 });
    expect(seen.sort()).toEqual(all.map((i) => i.id).sort());
    // Never past the limits; and workspaces did run side by side (more than one workspace's limit at once).
    expect(mostOneTeam).toBeLessThanOrEqual(2);
    expect(most).toBeLessThanOrEqual(4);
    expect(most).toBeGreaterThan(2);
  });

  it('keeps sending to other workspaces while one workspace’s items are held back', async () => {
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const done: string[] = [];
    // T1 comes first and blocks (as a Retry-After wait would); T2's items must all finish meanwhile.
    const run = forEachItemPerWorkspace(
      'test',
      slowly([...items('T1', 5, 0), ...items('T2', 5, 1)]),
      identity,
      async (item) => {
        if (item.team === 'T1') await held;
        else await tick(item.ms);
        done.push(item.id);
      },
      logger,
      { perWorkspace: 2, overall: 4, buffered: 8 },
    );
    for (let i = 0; i < 50 && done.length < 5; i++) await tick(5);
    expect(done.sort()).toEqual(items('T2', 5, 1).map((i) => i.id));
    release();
    expect(await run).toEqual({ done: 10, failed: 0 });
  });

  it('logs a failing item and carries on with the rest', async () => {
    const done: string[] = [];
    const summary = await forEachItemPerWorkspace(
      'test',
      items('T1', 4, 0),
      identity,
      async (item) => {
        if (item.id === 'T1-1') throw new Error('boom');
        done.push(item.id);
      },
      logger,
    );
    expect(summary).toEqual({ done: 3, failed: 1 });
    expect(done.sort()).toEqual(['T1-0', 'T1-2', 'T1-3']);
  });

  it('rethrows an error reading the items once the running ones have finished', async () => {
    const finished: string[] = [];
    async function* broken(): AsyncGenerator<Item> {
      yield { id: 'a', team: 'T1', ms: 20 };
      throw new Error('cursor lost');
    }
    await expect(
      forEachItemPerWorkspace(
        'test',
        broken(),
        identity,
        async (item) => {
          await tick(item.ms);
          finished.push(item.id);
        },
        logger,
      ),
    ).rejects.toThrow('cursor lost');
    expect(finished).toEqual(['a']);
  });
});
