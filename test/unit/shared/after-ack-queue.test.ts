import { describe, expect, it } from 'vitest';
import { AfterAckQueue } from '../../../src/shared/after-ack-queue.js';

/** A task that runs until released, recording when it started. */
function gate(log: string[], name: string) {
  let release = () => {};
  const done = new Promise<void>((r) => {
    release = r;
  });
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
    },
    release: () => release(),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('AfterAckQueue', () => {
  it('runs at most `concurrency` tasks at once, the rest in order', async () => {
    const log: string[] = [];
    const q = new AfterAckQueue(2, () => {});
    const [a, b, c] = [gate(log, 'a'), gate(log, 'b'), gate(log, 'c')];
    q.push('a', a.task);
    q.push('b', b.task);
    q.push('c', c.task);
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    a.release();
    await tick();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end a', 'start c']);
    b.release();
    c.release();
    expect(await q.drain(1_000)).toBe(true);
    expect(q.size).toBe(0);
  });

  it('a task queued again under its key before it starts runs once, as the latest; a running key runs again after', async () => {
    const log: string[] = [];
    const q = new AfterAckQueue(1, () => {});
    const first = gate(log, 'first');
    q.push('other', first.task);
    q.push('k', async () => void log.push('k v1'));
    q.push('k', async () => void log.push('k v2'));
    first.release();
    await q.drain(1_000);
    expect(log).toEqual(['start first', 'end first', 'k v2']);

    const running = gate(log, 'k running');
    q.push('k', running.task);
    await tick();
    q.push('k', async () => void log.push('k again'));
    await tick();
    expect(log.at(-1)).toBe('start k running'); // never two runs of one key at once
    running.release();
    await q.drain(1_000);
    expect(log.slice(-2)).toEqual(['end k running', 'k again']);
  });

  it('reports a failing task and carries on; drain gives up after its timeout', async () => {
    const errors: string[] = [];
    const q = new AfterAckQueue(1, (err, key) => errors.push(`${key}: ${(err as Error).message}`));
    q.push('bad', async () => {
      throw new Error('boom');
    });
    let ran = false;
    q.push('good', async () => {
      ran = true;
    });
    expect(await q.drain(1_000)).toBe(true);
    expect(errors).toEqual(['bad: boom']);
    expect(ran).toBe(true);

    q.push('stuck', () => new Promise(() => {}));
    expect(await q.drain(20)).toBe(false);
  });
});
