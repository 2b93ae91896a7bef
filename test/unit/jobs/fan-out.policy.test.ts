import { describe, expect, it } from 'vitest';
import { fanOutLimits, mayReadAhead, mayStart, SWEEP_FAN_OUT } from '../../../src/jobs/fan-out.policy.js';

const limits = { perWorkspace: 2, overall: 3, buffered: 4 };

describe('fan-out policy', () => {
  it('starts an item while its workspace and the whole sweep have room', () => {
    expect(mayStart(new Map(), 0, 'T1', limits)).toBe(true);
    expect(mayStart(new Map([['T1', 1]]), 1, 'T1', limits)).toBe(true);
  });

  it('holds an item when its own workspace is full, not when another is', () => {
    const running = new Map([['T1', 2]]);
    expect(mayStart(running, 2, 'T1', limits)).toBe(false);
    expect(mayStart(running, 2, 'T2', limits)).toBe(true);
  });

  it('holds every item when the sweep as a whole is full', () => {
    expect(
      mayStart(
        new Map([
          ['T1', 2],
          ['T2', 1],
        ]),
        3,
        'T3',
        limits,
      ),
    ).toBe(false);
  });

  it('reads ahead only while the buffer has room', () => {
    expect(mayReadAhead(3, limits)).toBe(true);
    expect(mayReadAhead(4, limits)).toBe(false);
  });

  it('names the limit to fix when one is not a whole number ≥ 1', () => {
    expect(fanOutLimits(SWEEP_FAN_OUT)).toBe(SWEEP_FAN_OUT);
    expect(() => fanOutLimits({ ...limits, perWorkspace: 0 })).toThrow(
      'fan-out limit perWorkspace must be a whole number ≥ 1, got 0',
    );
    expect(() => fanOutLimits({ ...limits, overall: 1.5 })).toThrow(/overall/);
  });
});
