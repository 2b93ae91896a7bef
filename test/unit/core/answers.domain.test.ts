import { describe, expect, it } from 'vitest';
import { type Answers, sameAnswers } from '../../../src/core/answers.domain.js';

describe('sameAnswers (a resubmission writes nothing)', () => {
  it.each([
    ['same keys in another order', { a: 'x', b: 2 }, { b: 2, a: 'x' }, true],
    ['lists in the same order', { c: ['1', '2'] }, { c: ['1', '2'] }, true],
    ['an empty optional answer on both', { a: null }, { a: null }, true],
    ['one value changed', { a: 'x', b: 2 }, { a: 'x', b: 3 }, false],
    ['ticks in another order', { c: ['1', '2'] }, { c: ['2', '1'] }, false],
    ['an answer more', { a: 'x' }, { a: 'x', b: null }, false],
    ['a key swapped for another', { a: 'x' }, { b: 'x' }, false],
    ['nothing stored yet', null, { a: 'x' }, false],
    ['"1" and 1', { a: '1' }, { a: 1 }, false],
  ] satisfies [string, Answers | null, Answers | null, boolean][])('%s', (_what, a, b, same) => {
    expect(sameAnswers(a, b)).toBe(same);
    expect(sameAnswers(b, a)).toBe(same);
  });
});
