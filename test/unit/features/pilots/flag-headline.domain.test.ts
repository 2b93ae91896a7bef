import { describe, expect, it } from 'vitest';
import { flagHeadline } from '../../../../src/features/pilots/flag-headline.domain.js';

describe('flagHeadline', () => {
  it('keeps the first sentence and says the rest was left out', () => {
    expect(flagHeadline('Stale: no review activity since 2026-09-01. To get out: answer the open questions.')).toEqual({
      text: 'Stale: no review activity since 2026-09-01.',
      cut: true,
    });
  });

  it('keeps a one-sentence flag whole', () => {
    expect(flagHeadline('Overdue: 1 gap-closure plan item past due (earliest 2026-11-20).')).toEqual({
      text: 'Overdue: 1 gap-closure plan item past due (earliest 2026-11-20).',
      cut: false,
    });
  });

  it('cuts a long first sentence at a word, never inside one', () => {
    const { text, cut } = flagHeadline(`In pilot purgatory: ${'the sponsor '.repeat(20)}decides.`, 60);
    expect(cut).toBe(true);
    expect(text.length).toBeLessThanOrEqual(60);
    expect(text).toMatch(/sponsor…$/);
  });
});
