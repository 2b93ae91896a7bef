import { describe, expect, it } from 'vitest';
import { type CardState, cardActions, cardStep } from '../../../../src/features/reviews/review-card.domain.js';

const base: CardState = {
  stage: 'in_review',
  outcome: 'collecting',
  decidedThisRound: null,
  anyDecision: false,
  hasPlan: false,
  review90Due: false,
  reconfirming: false,
};
const shown = (s: Partial<CardState>) =>
  cardActions({ ...base, ...s }).map((b) => (b.primary ? `*${b.action}*` : b.action));

describe('cardActions: the card follows the review', () => {
  it('collecting: Answer my questions (primary) and Remind', () => {
    expect(cardStep(base)).toBe('collecting');
    expect(shown({})).toEqual(['*answer*', 'remind', 'details']);
  });
  it('all answered: Record decision is the one primary button; no Answer, no Remind', () => {
    expect(shown({ outcome: 'proceed' })).toEqual(['*decide*', 'details']);
  });
  it('all answered but a confirmation is stale: not ready; Record decision stays, not primary', () => {
    expect(cardStep({ ...base, outcome: 'collecting', reconfirming: true })).toBe('reconfirming');
    expect(shown({ outcome: 'collecting', reconfirming: true })).toEqual(['decide', 'details']);
    expect(cardStep({ ...base, outcome: 'proceed', decidedThisRound: 'proceed', reconfirming: true })).toBe('decided');
  });
  it('decided: View decision and View plan, nothing primary', () => {
    const s = { stage: 'pre_production', outcome: 'continue_pre_production', decidedThisRound: 'gap_closure' } as const;
    expect(shown({ ...s, anyDecision: true, hasPlan: true })).toEqual(['viewDecision', 'viewPlan', 'details']);
  });
  it('paused: View decision only', () => {
    expect(shown({ stage: 'paused', outcome: 'pause', decidedThisRound: 'pause', anyDecision: true })).toEqual([
      'viewDecision',
      'details',
    ]);
  });
  it('production: the 90-day review once it is due, primary', () => {
    const s = { stage: 'production', outcome: 'proceed', decidedThisRound: 'proceed', anyDecision: true } as const;
    expect(shown(s)).toEqual(['viewDecision', 'details']);
    expect(shown({ ...s, review90Due: true })).toEqual(['*review90*', 'viewDecision', 'details']);
    expect(shown({ ...s, stage: 'reviewed_90d', review90Due: true })).toEqual(['viewDecision', 'details']);
  });
  it('a re-review round collects again, the earlier decision still viewable', () => {
    expect(shown({ stage: 'in_review', anyDecision: true, hasPlan: true })).toEqual([
      '*answer*',
      'remind',
      'viewDecision',
      'viewPlan',
      'details',
    ]);
  });
  it('terminated: nothing to do but look', () => {
    expect(shown({ stage: 'terminated', decidedThisRound: 'terminate', anyDecision: true })).toEqual([
      'viewDecision',
      'details',
    ]);
  });
  it('never more than one primary button', () => {
    for (const stage of ['in_review', 'pre_production', 'production', 'paused', 'terminated'] as const)
      for (const outcome of ['collecting', 'proceed', 'continue_pre_production', 'pause'] as const)
        for (const review90Due of [true, false])
          expect(
            cardActions({ ...base, stage, outcome, review90Due }).filter((b) => b.primary).length,
          ).toBeLessThanOrEqual(1);
  });
});
