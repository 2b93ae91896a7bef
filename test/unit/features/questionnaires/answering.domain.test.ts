import { describe, expect, it } from 'vitest';
import type { Answers } from '../../../../src/core/answers.domain.js';
import type { RoleId, SignalId } from '../../../../src/core/catalog.domain.js';
import {
  assessmentOf,
  disagreementKey,
  finalAnswers,
  firstIncompletePage,
  prefillAnswers,
  type SubmittedAnswers,
} from '../../../../src/features/questionnaires/answering.domain.js';
import { questionnairePages } from '../../../../src/features/questionnaires/questionnaire-pages.domain.js';
import { defaultManifest, goodAnswers } from '../../core/manifest.fixture.js';

const manifest = defaultManifest();
const ops = manifest.questionnaires.operational_lead;

describe('prefillAnswers', () => {
  const history: SubmittedAnswers[] = [
    { role: 'operational_lead', round: 1, answers: { kpi_results: 'round 1', kpi_representative_data: true } },
    { role: 'technology_lead', round: 1, answers: { data_assessment: 'failed' } },
    { role: 'operational_lead', round: 2, answers: { kpi_results: 'round 2' } },
    { role: 'operational_lead', round: 3, answers: { kpi_results: 'round 3 (future)' } },
  ];

  it.each([
    { round: 1, draft: {}, want: { kpi_results: 'round 1', kpi_representative_data: true } },
    { round: 2, draft: {}, want: { kpi_results: 'round 2' } },
    { round: 2, draft: { kpi_results: 'typed on page 1' }, want: { kpi_results: 'typed on page 1' } },
  ])('round $round with draft $draft → $want', ({ round, draft, want }) => {
    expect(prefillAnswers(history, 'operational_lead', round, draft as Answers)).toEqual(want);
  });

  it('is only the draft for a role that never answered', () => {
    expect(prefillAnswers(history, 'change_lead', 2, { champions: ['U1'] })).toEqual({ champions: ['U1'] });
  });

  it('takes the later entry among answers of the same round', () => {
    const twice: SubmittedAnswers[] = [
      { role: 'change_lead', round: 1, answers: { adoption_assessment: 'failed' } },
      { role: 'change_lead', round: 1, answers: { adoption_assessment: 'confirmed' } },
    ];
    expect(prefillAnswers(twice, 'change_lead', 1)).toEqual({ adoption_assessment: 'confirmed' });
  });
});

describe('finalAnswers', () => {
  it('merges the draft and the last page, the page winning, and drops keys the questionnaire lacks', () => {
    const merged = finalAnswers(
      ops,
      { kpi_assessment: 'failed', kpi_results: 'draft', injected: 'x' },
      { kpi_assessment: 'confirmed', bc_investment: 10 },
    );
    expect(merged).toEqual({ kpi_assessment: 'confirmed', kpi_results: 'draft', bc_investment: 10 });
  });
});

describe('firstIncompletePage', () => {
  const pages = questionnairePages(ops);

  it('is undefined when every required question has an answer', () => {
    expect(firstIncompletePage(ops, pages, goodAnswers(ops))).toBeUndefined();
  });

  it('names the earliest page holding a missing required question', () => {
    const answers = goodAnswers(ops);
    delete answers.kpi_results;
    delete answers.bc_investment;
    expect(pages.length).toBe(2);
    expect(firstIncompletePage(ops, pages, answers)).toEqual({ page: 0, missing: ['kpi_results', 'bc_investment'] });
  });

  it('points at the second page when only its questions are missing', () => {
    const answers = goodAnswers(ops);
    delete answers.bc_pilot_cost_month;
    expect(firstIncompletePage(ops, pages, answers)).toEqual({ page: 1, missing: ['bc_pilot_cost_month'] });
  });
});

describe('disagreementKey', () => {
  it('is the same whichever order the roles come in, and differs by round and signal', () => {
    const a = disagreementKey('r1', 1, 'kpi_validation', ['executive_sponsor', 'operational_lead']);
    expect(disagreementKey('r1', 1, 'kpi_validation', ['operational_lead', 'executive_sponsor'])).toBe(a);
    expect(disagreementKey('r1', 2, 'kpi_validation', ['executive_sponsor', 'operational_lead'])).not.toBe(a);
    expect(disagreementKey('r1', 1, 'governance', ['executive_sponsor', 'operational_lead'])).not.toBe(a);
  });
});

describe('assessmentOf', () => {
  const cases: { role: RoleId; signal: SignalId; answers: Answers; want: string | undefined }[] = [
    { role: 'operational_lead', signal: 'kpi_validation', answers: { kpi_assessment: 'failed' }, want: 'failed' },
    { role: 'operational_lead', signal: 'kpi_validation', answers: { kpi_assessment: 'maybe' }, want: undefined },
    { role: 'operational_lead', signal: 'governance', answers: { kpi_assessment: 'failed' }, want: undefined },
    {
      role: 'technology_lead',
      signal: 'governance',
      answers: { governance_assessment: 'confirmed' },
      want: 'confirmed',
    },
  ];
  it.each(cases)('$role on $signal → $want', ({ role, signal, answers, want }) => {
    expect(assessmentOf(manifest, answers, role, signal)).toBe(want);
  });

  it('is undefined for a role that has not answered', () => {
    expect(assessmentOf(manifest, undefined, 'executive_sponsor', 'kpi_validation')).toBeUndefined();
  });
});
