import { describe, expect, it } from 'vitest';
import {
  DECISION_STAGE,
  mayDecideIn,
  mayMove,
  mayStartRound,
  refusedDecisionText,
  STAGE_MOVES,
  stagesInto,
} from '../../../../src/features/pilots/pilot-lifecycle.domain.js';
import { DECISIONS, PILOT_STAGES } from '../../../../src/features/reviews/catalog.domain.js';

describe('pilot lifecycle (SPEC §1)', () => {
  it.each([
    ['registered', 'in_review'],
    ['in_review', 'pre_production'],
    ['pre_production', 'in_review'],
    ['in_review', 'production'],
    ['production', 'reviewed_90d'],
  ] as const)('allows the main path %s → %s', (from, to) => {
    expect(mayMove(from, to)).toBe(true);
  });

  it('allows pause and terminate from every live stage, and nothing out of terminated', () => {
    for (const from of PILOT_STAGES.filter((s) => s !== 'terminated')) expect(mayMove(from, 'terminated')).toBe(true);
    for (const from of PILOT_STAGES.filter((s) => s !== 'terminated' && s !== 'paused'))
      expect(mayMove(from, 'paused')).toBe(true);
    expect(STAGE_MOVES.terminated).toEqual([]);
  });

  it.each([
    ['registered', 'production'],
    ['pre_production', 'production'],
    ['paused', 'in_review'],
    ['paused', 'production'],
    ['paused', 'paused'],
    ['production', 'in_review'],
    ['reviewed_90d', 'production'],
    ['terminated', 'in_review'],
  ] as const)('forbids %s → %s', (from, to) => {
    expect(mayMove(from, to)).toBe(false);
  });

  it('never allows staying in place (a move that changes nothing is no move)', () => {
    for (const s of PILOT_STAGES) expect(mayMove(s, s)).toBe(false);
  });

  it('lists the stages a target is reached from', () => {
    expect(stagesInto('in_review')).toEqual(['registered', 'pre_production']);
    expect(stagesInto('production')).toEqual(['in_review']);
  });

  it('decisions follow the machine: proceed and gap closure only from review, nothing once terminated', () => {
    expect(DECISIONS.filter((d) => mayDecideIn('in_review', d))).toEqual([
      'proceed',
      'gap_closure',
      'pause',
      'terminate',
    ]);
    expect(DECISIONS.filter((d) => mayDecideIn('paused', d))).toEqual(['terminate']);
    expect(DECISIONS.filter((d) => mayDecideIn('pre_production', d))).toEqual(['pause', 'terminate']);
    expect(DECISIONS.filter((d) => mayDecideIn('terminated', d))).toEqual([]);
    expect(DECISION_STAGE.proceed).toBe('production');
    expect(refusedDecisionText('Invoices', 'paused', 'proceed')).toMatch(
      /Invoices is paused; it can only be terminated/,
    );
  });

  it('starts a re-review round only from gap closure', () => {
    expect(PILOT_STAGES.filter(mayStartRound)).toEqual(['pre_production']);
  });
});
