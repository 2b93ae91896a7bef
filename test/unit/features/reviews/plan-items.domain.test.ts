import { describe, expect, it } from 'vitest';
import { mayHavePlanItems } from '../../../../src/features/reviews/plan-items.domain.js';
import type { RecordedDecision } from '../../../../src/features/reviews/review.types.js';

const decision: RecordedDecision = { decision: 'gap_closure', by: 'U1', at: new Date(0), round: 1 };

describe('mayHavePlanItems', () => {
  it('is false for a review no decision was recorded on (its card needs no read of plan items)', () => {
    expect(mayHavePlanItems({ decisionCount: 0, decisions: [] })).toBe(false);
  });

  it('is true once a decision is counted or listed', () => {
    expect(mayHavePlanItems({ decisionCount: 1, decisions: [decision] })).toBe(true);
    expect(mayHavePlanItems({ decisionCount: 1, decisions: [] })).toBe(true);
    expect(mayHavePlanItems({ decisionCount: 0, decisions: [decision] })).toBe(true);
  });
});
