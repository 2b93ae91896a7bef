import { describe, expect, it } from 'vitest';
import {
  choiceFromMs,
  describeDuration,
  msFromChoice,
  unitsFor,
} from '../../../../src/features/settings/duration-choice.domain.js';

const MIN = 60_000;
const DAY = 86_400_000;

describe('duration ↔ number and unit', () => {
  it.each([
    [30 * MIN, { amount: 30, unit: 'minutes' }, '30 minutes'],
    [4 * 60 * MIN, { amount: 4, unit: 'hours' }, '4 hours'],
    [DAY, { amount: 1, unit: 'days' }, '1 day'],
    [14 * DAY, { amount: 2, unit: 'weeks' }, '2 weeks'],
    [90 * DAY, { amount: 90, unit: 'days' }, '90 days'],
    [30_000, { amount: 30, unit: 'seconds' }, '30 seconds'],
  ])('%i ms is %o (“%s”) and back', (ms, choice, words) => {
    expect(choiceFromMs(ms)).toEqual(choice);
    expect(msFromChoice(choiceFromMs(ms))).toBe(ms);
    expect(describeDuration(ms)).toBe(words);
  });

  it('offers seconds only when a value needs them', () => {
    expect(unitsFor(false).map((u) => u.value)).toEqual(['minutes', 'hours', 'days', 'weeks']);
    expect(unitsFor(true).map((u) => u.value)).toEqual(['seconds', 'minutes', 'hours', 'days', 'weeks']);
  });
});
