import { describe, expect, it } from 'vitest';
import type { Questionnaire } from '../../../../src/core/manifest.schema.js';
import {
  parsePageAnswers,
  parseQuestionnaireState,
  readPageInputs,
} from '../../../../src/features/questionnaires/questionnaire.state.js';
import { defaultManifest } from '../../core/manifest.fixture.js';

const { questionnaires } = defaultManifest();

/** Parses one question's state, as Slack would send it for block `q:<id>`, action `v`. */
function parseOne(q: Questionnaire, id: string, state: Record<string, unknown> | undefined) {
  const values = state === undefined ? {} : { [`q:${id}`]: { v: state } };
  const { answers, errors } = parseQuestionnaireState(q, [id], values);
  return { answer: answers[id], error: errors[`q:${id}`], hasAnswer: id in answers };
}

const ops = questionnaires.operational_lead;
const change = questionnaires.change_lead;
const gov = questionnaires.governance_lead;
const sponsor = questionnaires.executive_sponsor;

describe('parseQuestionnaireState', () => {
  it('trims text and treats whitespace as empty', () => {
    expect(parseOne(ops, 'kpi_results', { type: 'plain_text_input', value: '  Met 3 of 4  ' }).answer).toBe(
      'Met 3 of 4',
    );
    expect(parseOne(ops, 'kpi_results', { type: 'plain_text_input', value: '   ' }).error).toBe('Enter an answer.');
    const optional = parseOne(gov, 'drift_thresholds', { type: 'plain_text_input', value: ' \n ' });
    expect(optional).toMatchObject({ answer: null, error: undefined, hasAnswer: true });
  });

  it('limits text to maxLength', () => {
    const r = parseOne(gov, 'regulations', { type: 'plain_text_input', value: 'x'.repeat(501) });
    expect(r.error).toBe('Keep it to 500 characters or fewer (now 501).');
  });

  it('parses numbers and says which number is expected', () => {
    const n = (id: string, value: string | null, q = change) => parseOne(q, id, { type: 'number_input', value });
    expect(n('users_trained_pct', '42').answer).toBe(42);
    expect(n('users_trained_pct', '101').error).toBe('Enter a whole number between 0 and 100.');
    expect(n('users_trained_pct', 'abc').error).toBe('Enter a whole number between 0 and 100.');
    expect(n('users_trained_pct', '2.5').error).toBe('Enter a whole number between 0 and 100.');
    expect(n('users_trained_pct', ' ').error).toBe('Enter a number.');
    expect(n('users_total', '0').error).toBe('Enter a whole number of 1 or more.');
    expect(n('bc_investment', ' 1,250,000 ', ops).answer).toBe(1250000);
    expect(n('bc_investment', null, sponsor)).toMatchObject({ answer: null, hasAnswer: true });
  });

  it('needs Confirmed, Conditional or Failed for an assessment', () => {
    const a = (selected: unknown) =>
      parseOne(ops, 'kpi_assessment', { type: 'radio_buttons', selected_option: selected });
    expect(a({ value: 'conditional' }).answer).toBe('conditional');
    expect(a(null).error).toBe('Pick Confirmed, Conditional or Failed.');
    expect(a({ value: 'maybe' }).error).toBe('Pick Confirmed, Conditional or Failed.');
    expect(parseOne(ops, 'kpi_assessment', undefined).error).toBe('Pick Confirmed, Conditional or Failed.');
  });

  it('turns Yes/No into booleans', () => {
    const yn = (value: string) =>
      parseOne(ops, 'kpi_representative_data', { type: 'radio_buttons', selected_option: { value } });
    expect(yn('yes').answer).toBe(true);
    expect(yn('no').answer).toBe(false);
    expect(yn('perhaps').error).toBe('Pick Yes or No.');
  });

  it('accepts an empty checklist and keeps only known items, in manifest order', () => {
    const c = (selected: { value: string }[] | undefined) =>
      parseOne(gov, 'governance_checklist', { type: 'checkboxes', selected_options: selected });
    expect(c([]).answer).toEqual([]);
    expect(c(undefined).answer).toEqual([]);
    expect(c([{ value: 'audit_trail' }, { value: 'bogus' }, { value: 'use_case_approval' }]).answer).toEqual([
      'use_case_approval',
      'audit_trail',
    ]);
  });

  it('reads people pickers', () => {
    expect(parseOne(sponsor, 'operational_owner', { type: 'users_select', selected_user: 'U0OWNER' }).answer).toBe(
      'U0OWNER',
    );
    expect(parseOne(sponsor, 'operational_owner', { type: 'users_select', selected_user: null }).answer).toBeNull();
    const many = (users: string[]) =>
      parseOne(ops, 'escalation_contacts', { type: 'multi_users_select', selected_users: users });
    expect(many(['U1', 'U2', 'U1']).answer).toEqual(['U1', 'U2']);
    expect(many([]).answer).toBeNull();
    expect(many(Array.from({ length: 11 }, (_, i) => `U${i}`)).error).toBe('Pick at most 10 people.');
  });

  it('checks dates and select options', () => {
    const d = (date: string | null) => parseOne(ops, 'kpi_measured_on', { type: 'datepicker', selected_date: date });
    expect(d('2026-11-20').answer).toBe('2026-11-20');
    expect(d('2026-02-30').error).toBe('Pick a valid date.');
    expect(d(null).error).toBe('Pick a date.');
    const s = (value: string) =>
      parseOne(gov, 'monitoring_cadence', { type: 'static_select', selected_option: { value } });
    expect(s('weekly').answer).toBe('weekly');
    expect(s('hourly').error).toBe('Pick one of the options.');
  });

  it('survives values that are not Slack state at all, and skips unknown question ids', () => {
    const r = parseQuestionnaireState(ops, ['kpi_assessment', 'no_such_question'], 'garbage');
    expect(r.errors).toEqual({ 'q:kpi_assessment': 'Pick Confirmed, Conditional or Failed.' });
    expect(r.answers).toEqual({});
    const wrongShape = parseQuestionnaireState(ops, ['kpi_results'], { 'q:kpi_results': { v: { value: 42 } } });
    expect(wrongShape.errors).toEqual({ 'q:kpi_results': 'Enter an answer.' });
  });
});

describe('readPageInputs (the listener half) and parsePageAnswers (the service half)', () => {
  it('reads Slack state into plain inputs keyed by question id, dropping other blocks', () => {
    const values = {
      'q:kpi_results': { v: { type: 'plain_text_input', value: ' Met ' } },
      'q:kpi_assessment': { v: { type: 'radio_buttons', selected_option: { value: 'confirmed' } } },
      'picker.change_lead': { x: { value: 'ignored' } },
      'q:broken': { v: { value: 42 } },
    };
    expect(readPageInputs(values)).toEqual({
      kpi_results: { type: 'plain_text_input', value: ' Met ' },
      kpi_assessment: { type: 'radio_buttons', selected_option: { value: 'confirmed' } },
    });
    expect(readPageInputs('garbage')).toEqual({});
  });

  it('parses the inputs of one page against its questions, with errors keyed by block id', () => {
    const inputs = { kpi_results: { value: ' Met ' }, kpi_assessment: { selected_option: { value: 'nope' } } };
    const r = parsePageAnswers(ops, ['kpi_results', 'kpi_assessment'], inputs);
    expect(r.answers).toEqual({ kpi_results: 'Met' });
    expect(r.errors).toEqual({ 'q:kpi_assessment': 'Pick Confirmed, Conditional or Failed.' });
  });
});
