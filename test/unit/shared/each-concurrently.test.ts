import { describe, expect, it } from 'vitest';
import { eachConcurrently } from '../../../src/shared/each-concurrently.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('eachConcurrently', () => {
  it('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await eachConcurrently([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await tick(n % 3);
      seen.push(n);
      running--;
    });
    expect(most).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('finishes the other items when one fails, then rethrows the failure', async () => {
    const done: string[] = [];
    const run = eachConcurrently(['a', 'bad', 'c', 'd'], 2, async (s) => {
      await tick(1);
      if (s === 'bad') throw new Error('bad item');
      done.push(s);
    });
    await expect(run).rejects.toThrow('bad item');
    expect(done.sort()).toEqual(['a', 'c', 'd']);
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await eachConcurrently([], 4, async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});
