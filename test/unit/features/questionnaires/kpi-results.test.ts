import type { InputBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { unansweredRequired } from '../../../../src/core/manifest.domain.js';
import { questionnairePageModal } from '../../../../src/features/questionnaires/answer-flow.views.js';
import { composeKpiResults, splitKpiResults } from '../../../../src/features/questionnaires/kpi-results.domain.js';
import { parseQuestionnaireState } from '../../../../src/features/questionnaires/questionnaire.state.js';
import { questionnairePages } from '../../../../src/features/questionnaires/questionnaire-pages.domain.js';
import { checkView, formatViolation } from '../../../support/block-kit-checker.js';
import { defaultManifest, goodAnswers } from '../../core/manifest.fixture.js';

const ops = defaultManifest().questionnaires.operational_lead;
const KPIS = [
  { name: 'Handling time', baseline: '14 min', target: '9 min' },
  { name: 'Touchless rate', baseline: '20%', target: '60%' },
];
const firstPage = questionnairePages(ops)[0]!;
const inputs = (view: ModalView): InputBlock[] => view.blocks.filter((b): b is InputBlock => b.type === 'input');
const page = (prefill = {}) =>
  questionnairePageModal({
    questionnaire: ops,
    pilotName: 'Invoice triage',
    reviewId: 'a'.repeat(24),
    role: 'operational_lead',
    round: 1,
    page: 0,
    prefill,
    kpis: KPIS,
    kpiValidationDate: '2027-01-15',
  });
const kpiState = (results: string[]) =>
  Object.fromEntries(results.map((value, i) => [`q:kpi_results.kpi${i}`, { v: { type: 'plain_text_input', value } }]));

describe("the operational lead's KPI results question", () => {
  it('lists the pilot’s registered KPIs: one field each, with baseline and target, and the planned date', () => {
    const view = page();
    expect(checkView(view).map(formatViolation)).toEqual([]);
    const fields = inputs(view).filter((b) => b.block_id?.startsWith('q:kpi_results'));
    expect(fields.map((b) => [b.block_id, b.label.text, b.hint?.text])).toEqual([
      ['q:kpi_results.kpi0', 'Handling time', 'Baseline 14 min · target 9 min'],
      ['q:kpi_results.kpi1', 'Touchless rate', 'Baseline 20% · target 60%'],
    ]);
    expect(JSON.stringify(view.blocks)).toContain('<!date^1799971200^{date_short_pretty}|2027-01-15>');
    console.log(`KPI results page blocks:\n${JSON.stringify(view.blocks.slice(2, 6), null, 1)}`);
  });

  it('stores one line per KPI that the answer and status logic read as one text answer, and prefills it back', () => {
    const parsed = parseQuestionnaireState(ops, ['kpi_results'], kpiState([' 10.5 min ', '48%']), KPIS);
    expect(parsed.errors).toEqual({});
    expect(parsed.answers.kpi_results).toBe(
      'Handling time (baseline 14 min, target 9 min): 10.5 min\nTouchless rate (baseline 20%, target 60%): 48%',
    );
    const answers = { ...goodAnswers(ops), kpi_results: parsed.answers.kpi_results! };
    expect(unansweredRequired(ops, answers)).toEqual([]);
    const fields = inputs(page(answers)).filter((b) => b.block_id?.startsWith('q:kpi_results'));
    expect(fields.map((b) => (b.element as { initial_value?: string }).initial_value)).toEqual(['10.5 min', '48%']);
  });

  it('puts a missing result inline on that KPI’s field', () => {
    const parsed = parseQuestionnaireState(ops, firstPage.questionIds, kpiState(['10.5 min', '  ']), KPIS);
    expect(parsed.errors['q:kpi_results.kpi1']).toBe('Enter the measured result for Touchless rate.');
    expect(parsed.errors['q:kpi_results.kpi0']).toBeUndefined();
  });

  it('splits only lines written for a KPI: an older free-text answer leaves the fields empty', () => {
    expect(splitKpiResults(KPIS, composeKpiResults(KPIS, ['a', 'b']))).toEqual(['a', 'b']);
    expect(splitKpiResults(KPIS, 'Met 3 of 4')).toEqual(['', '']);
    expect(splitKpiResults(KPIS, null)).toEqual(['', '']);
  });

  it('keeps one field when the pilot has no registered KPIs', () => {
    const view = questionnairePageModal({
      ...page(),
      questionnaire: ops,
      pilotName: 'P',
      reviewId: 'a'.repeat(24),
      role: 'operational_lead',
      round: 1,
      page: 0,
      prefill: {},
      kpis: [],
    });
    expect(inputs(view).map((b) => b.block_id)).toContain('q:kpi_results');
  });
});
