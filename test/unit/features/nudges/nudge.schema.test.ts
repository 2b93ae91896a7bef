import { describe, expect, it } from 'vitest';
import { SnoozeTarget, SnoozeValue } from '../../../../src/features/nudges/nudge.schema.js';

const reviewId = 'ABCDEF0123456789abcdef01';

describe('snooze ids', () => {
  it('reads a review id in either case, like every other surface', () => {
    expect(SnoozeTarget.safeParse({ reviewId, round: 1 }).success).toBe(true);
    expect(SnoozeValue.safeParse(`1h:${reviewId}:2`).data).toEqual({ choice: '1h', reviewId, round: 2 });
  });

  it('refuses a value that is not an id', () => {
    expect(SnoozeValue.safeParse(`1h:${'z'.repeat(24)}:2`).success).toBe(false);
  });
});
