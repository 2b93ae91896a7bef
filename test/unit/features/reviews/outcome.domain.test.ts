import { describe, expect, it } from 'vitest';
import { SIGNAL_IDS, type SignalId, type SignalStatusValue } from '../../../../src/core/catalog.domain.js';
import {
  allowedDecisions,
  type DecisionInput,
  OUTCOME_LABELS,
  OUTCOMES,
  type PlanItemInput,
  reviewOutcome,
  validateDecision,
} from '../../../../src/features/reviews/outcome.domain.js';

/** Five statuses, all `base` except the overrides. */
const st = (base: SignalStatusValue, over: Partial<Record<SignalId, SignalStatusValue>> = {}) =>
  SIGNAL_IDS.map((signal) => ({ signal, status: over[signal] ?? base }));

describe('reviewOutcome', () => {
  it.each([
    ['any pending → collecting', st('confirmed', { governance: 'pending', kpi_validation: 'failed' }), 'collecting'],
    ['all confirmed → proceed', st('confirmed'), 'proceed'],
    [
      'conditional, none failed → continue',
      st('confirmed', { user_adoption: 'conditional' }),
      'continue_pre_production',
    ],
    ['any failed → pause', st('conditional', { data_infrastructure: 'failed' }), 'pause'],
    ['no statuses → collecting', [], 'collecting'],
  ] as const)('%s', (_, statuses, outcome) => {
    expect(reviewOutcome(statuses)).toBe(outcome);
  });

  it('has a label for every outcome', () => {
    for (const o of OUTCOMES) expect(OUTCOME_LABELS[o]).toMatch(/\w/);
  });
});

describe('allowedDecisions', () => {
  it('allows nothing while the operational lead has not answered', () => {
    for (const outcome of OUTCOMES) expect(allowedDecisions({ outcome, opsLeadAnswered: false })).toEqual([]);
  });

  it.each([
    ['proceed', ['proceed', 'pause', 'terminate']],
    ['continue_pre_production', ['gap_closure', 'pause', 'terminate']],
    ['pause', ['pause', 'terminate']],
    ['collecting', ['pause', 'terminate']],
  ] as const)('on %s', (outcome, decisions) => {
    expect(allowedDecisions({ outcome, opsLeadAnswered: true })).toEqual(decisions);
  });
});

describe('validateDecision', () => {
  const today = '2026-11-25';
  const ctx = (statuses = st('confirmed'), opsLeadAnswered = true) => ({ statuses, opsLeadAnswered, today });
  const item = (over: Partial<PlanItemInput> = {}): PlanItemInput => ({
    signal: 'governance',
    action: 'Complete the legal review',
    ownerId: 'U0GOV',
    dueDate: '2026-12-15',
    ...over,
  });
  const check = (input: DecisionInput, c = ctx()) => validateDecision(input, c);

  it('accepts proceed when all five are confirmed', () => {
    expect(check({ decision: 'proceed' })).toEqual({ ok: true });
  });

  it('refuses proceed unless all five are confirmed', () => {
    const r = check({ decision: 'proceed' }, ctx(st('confirmed', { governance: 'conditional' })));
    expect(r).toEqual({ ok: false, errors: { decision: 'Proceed needs all five signals confirmed.' } });
  });

  it('refuses every decision while the operational lead has not answered', () => {
    const r = check({ decision: 'terminate', reason: 'No budget' }, ctx(st('confirmed'), false));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.decision).toMatch(/until the operational lead has answered/);
  });

  it('needs a non-blank reason to pause or terminate', () => {
    for (const decision of ['pause', 'terminate'] as const) {
      const r = check({ decision, reason: '   ' });
      expect(!r.ok && r.errors.reason).toMatch(decision === 'pause' ? /to pause/ : /to terminate/);
      expect(check({ decision, reason: 'Budget moved to another use case' })).toEqual({ ok: true });
    }
  });

  const conditional = ctx(st('confirmed', { governance: 'conditional', user_adoption: 'conditional' }));

  it('accepts gap closure with a complete item for every conditional signal', () => {
    const planItems = [item(), item({ signal: 'user_adoption', action: 'Train the AP team', investment: 12000 })];
    expect(check({ decision: 'gap_closure', planItems }, conditional)).toEqual({ ok: true });
    expect(
      check({ decision: 'gap_closure', planItems: [item({ dueDate: today }), planItems[1]!] }, conditional),
    ).toEqual({
      ok: true,
    });
  });

  it('refuses gap closure when a conditional signal has no complete item', () => {
    const r = check(
      { decision: 'gap_closure', planItems: [item(), item({ signal: 'user_adoption', ownerId: ' ' })] },
      conditional,
    );
    expect(r).toEqual({
      ok: false,
      errors: {
        'planItems.1.ownerId': 'Name an owner.',
        'plan.user_adoption':
          'Add a complete plan item (action, owner, due date) for End users trained, adoption plan active.',
      },
    });
  });

  it('refuses a due date in the past or not a date, and a negative investment', () => {
    const planItems = [
      item({ dueDate: '2026-11-24' }),
      item({ signal: 'user_adoption', dueDate: '2026-02-30', investment: -5, action: '' }),
    ];
    const r = check({ decision: 'gap_closure', planItems }, conditional);
    expect(!r.ok && r.errors).toMatchObject({
      'planItems.0.dueDate': 'The due date is in the past.',
      'planItems.1.dueDate': 'Pick a due date.',
      'planItems.1.investment': 'Enter an amount of 0 or more.',
      'planItems.1.action': 'Describe the action.',
      'plan.governance': expect.any(String),
      'plan.user_adoption': expect.any(String),
    });
  });

  it('refuses gap closure when nothing is conditional or something failed', () => {
    for (const statuses of [st('confirmed'), st('conditional', { kpi_validation: 'failed' })]) {
      const r = check({ decision: 'gap_closure', planItems: [item()] }, ctx(statuses));
      expect(!r.ok && r.errors.decision).toMatch(/gap-closure plan applies/);
    }
  });
});
