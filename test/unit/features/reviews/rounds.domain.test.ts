import { describe, expect, it } from 'vitest';
import {
  currentAnswers,
  effectiveAnswers,
  type RoundAnswer,
  rolesToReassess,
} from '../../../../src/features/reviews/rounds.domain.js';
import { defaultManifest } from '../../core/manifest.fixture.js';

describe('rolesToReassess', () => {
  const manifest = defaultManifest();

  it.each([
    [['governance'], ['technology_lead', 'governance_lead']],
    [['user_adoption'], ['operational_lead', 'change_lead']],
    [
      ['kpi_validation', 'data_infrastructure'],
      ['executive_sponsor', 'operational_lead', 'technology_lead'],
    ],
    [[], []],
  ] as const)('%j → %j', (signals, roles) => {
    expect(rolesToReassess(manifest, signals)).toEqual(roles);
  });
});

describe('effectiveAnswers', () => {
  const history: RoundAnswer[] = [
    { role: 'operational_lead', round: 1, answers: { a: 'ops r1' } },
    { role: 'governance_lead', round: 1, answers: { a: 'gov r1' } },
    { role: 'governance_lead', round: 1, answers: { a: 'gov r1 edited' } },
    { role: 'change_lead', round: 1, answers: { a: 'change r1' } },
    { role: 'governance_lead', round: 2, answers: { a: 'gov r2' } },
    { role: 'operational_lead', round: 3, answers: { a: 'ops r3' } },
  ];

  it('takes each role’s latest answer at or before the round; later edits in a round win', () => {
    expect(effectiveAnswers(history, 1, [])).toEqual({
      operational_lead: { a: 'ops r1' },
      governance_lead: { a: 'gov r1 edited' },
      change_lead: { a: 'change r1' },
    });
    expect(effectiveAnswers(history, 2, []).governance_lead).toEqual({ a: 'gov r2' });
    expect(effectiveAnswers(history, 2, []).operational_lead).toEqual({ a: 'ops r1' });
  });

  it('counts a role required in the round only with an answer from that round', () => {
    const r2 = effectiveAnswers(history, 2, ['governance_lead', 'change_lead']);
    expect(r2.governance_lead).toEqual({ a: 'gov r2' });
    expect(r2.change_lead).toBeUndefined();
    expect(r2.operational_lead).toEqual({ a: 'ops r1' });
  });

  it('ignores answers from later rounds', () => {
    expect(effectiveAnswers(history, 2, []).operational_lead).toEqual({ a: 'ops r1' });
    expect(effectiveAnswers(history, 3, ['operational_lead']).operational_lead).toEqual({ a: 'ops r3' });
    expect(effectiveAnswers([], 1, [])).toEqual({});
  });
});

describe('currentAnswers', () => {
  const a = (role: 'technology_lead' | 'governance_lead', round: number, v: string) => ({
    role,
    round,
    answers: { note: v },
  });
  const history = [a('technology_lead', 1, 't1'), a('governance_lead', 1, 'g1')];

  it('in round 1 counts every role that answered', () => {
    expect(currentAnswers({ round: 1, rounds: [{ n: 1, requiredRoles: [] }] }, history)).toEqual({
      technology_lead: { note: 't1' },
      governance_lead: { note: 'g1' },
    });
  });

  it('in a re-review round a re-asked role counts only once it answered again', () => {
    const review = {
      round: 2,
      rounds: [
        { n: 1, requiredRoles: [] },
        { n: 2, requiredRoles: ['governance_lead' as const] },
      ],
    };
    expect(currentAnswers(review, history)).toEqual({ technology_lead: { note: 't1' } });
    expect(currentAnswers(review, [...history, a('governance_lead', 2, 'g2')])).toEqual({
      technology_lead: { note: 't1' },
      governance_lead: { note: 'g2' },
    });
  });
});
