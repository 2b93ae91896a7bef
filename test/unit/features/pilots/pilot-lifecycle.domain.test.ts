import { describe, expect, it } from 'vitest';
import { DECISIONS, PILOT_STAGES } from '../../../../src/core/catalog.domain.js';
import {
  afterLostMove,
  DECISION_STAGE,
  mayDecideIn,
  mayMove,
  mayStartRound,
  refusedDecisionText,
  STAGE_MOVES,
  stagesInto,
} from '../../../../src/features/pilots/pilot-lifecycle.domain.js';

describe('pilot lifecycle', () => {
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

describe('a decision’s stage move that lost its compare-and-set (afterLostMove)', () => {
  it('a pause or terminate moves again from wherever the pilot now is, where the machine allows', () => {
    expect(afterLostMove('in_review', 'paused')).toEqual({ kind: 'retry', from: 'in_review' });
    expect(afterLostMove('paused', 'terminated')).toEqual({ kind: 'retry', from: 'paused' });
    expect(afterLostMove('terminated', 'paused')).toEqual({ kind: 'kept', stage: 'terminated' });
  });

  it('any other move keeps the stage that landed first; the move already made is done', () => {
    expect(afterLostMove('terminated', 'production')).toEqual({ kind: 'kept', stage: 'terminated' });
    expect(afterLostMove('paused', 'pre_production')).toEqual({ kind: 'kept', stage: 'paused' });
    expect(afterLostMove('pre_production', 'production')).toEqual({ kind: 'kept', stage: 'pre_production' });
    expect(afterLostMove('production', 'production')).toEqual({ kind: 'done' });
  });

  it('never retries a move the machine forbids', () => {
    for (const current of PILOT_STAGES) {
      for (const to of PILOT_STAGES) {
        const next = afterLostMove(current, to);
        if (next.kind === 'retry') expect(mayMove(next.from, to), `${current} → ${to}`).toBe(true);
      }
    }
  });
});
