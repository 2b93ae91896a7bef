import { describe, expect, it } from 'vitest';
import { nextRepairAt, REPAIR_BACKOFF_MAX_MS } from '../../../../src/features/reviews/review-repair.domain.js';

const now = new Date('2026-11-25T12:00:00Z');
const waitAfter = (failures: number) => nextRepairAt(failures, now).getTime() - now.getTime();

describe('repair backoff per item', () => {
  it('waits a minute after the first failure, then doubles', () => {
    expect([1, 2, 3, 4].map(waitAfter)).toEqual([60_000, 120_000, 240_000, 480_000]);
  });
  it('never waits more than a day', () => {
    expect(waitAfter(30)).toBe(REPAIR_BACKOFF_MAX_MS);
    expect(waitAfter(2000)).toBe(REPAIR_BACKOFF_MAX_MS);
  });
});
