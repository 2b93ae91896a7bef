/**
 * Turns a questionnaire page's `view.state.values` into answers, or into inline errors keyed by block id
 * (for `response_action: 'errors'`). Takes the values as a plain object; imports nothing from Slack.
 * Text is trimmed, and an answer that is only whitespace counts as empty.
 */
import { z } from 'zod';
import { type Answers, type AnswerValue, isIsoDate } from '../../core/answers.domain.js';
import type { Question, Questionnaire } from '../../core/manifest.schema.js';
import { QuestionnaireField } from '../../slack/ids.js';
import type { Kpi } from '../pilots/pilot.types.js';
import { composeKpiResults, KPI_RESULT_MAX } from './kpi-results.domain.js';

const SelectedOption = z.looseObject({ value: z.string() });

/** The part of one element's state we read; Slack sends only the fields of the element's type. */
export const StateAction = z.looseObject({
  type: z.string().optional(),
  value: z.string().nullish(),
  selected_option: SelectedOption.nullish(),
  selected_options: z.array(SelectedOption).nullish(),
  selected_date: z.string().nullish(),
  selected_user: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
  /** A file_input's files, as Slack describes them (only their reference is kept). */
  files: z
    .array(z.looseObject({ id: z.string(), name: z.string().nullish(), permalink: z.string().nullish() }))
    .nullish(),
});
export type StateAction = z.infer<typeof StateAction>;

export interface ParsedQuestionnaireState {
  /** One entry per question on the page; `null` for an empty optional answer. Absent where there is an error. */
  answers: Answers;
  /** Messages keyed by block id (`q:<questionId>`). */
  errors: Record<string, string>;
}

type Parsed = { value: AnswerValue } | { error: string };

/**
 * A page's inputs by question id (evidence inputs by their block id, `ev:…`): each element's state as
 * plain data, without Slack's block/action nesting.
 */
export type PageInputs = Record<string, StateAction>;

/**
 * The listener's half: reads `view.state.values` into inputs keyed by question id (evidence inputs keep
 * their block id). Other blocks and elements of an unexpected shape are left out (a missing input reads
 * as empty).
 */
export function readPageInputs(values: unknown): PageInputs {
  const blocks = z.record(z.string(), z.record(z.string(), z.unknown())).safeParse(values);
  if (!blocks.success) return {};
  const inputs: PageInputs = {};
  for (const [blockId, block] of Object.entries(blocks.data)) {
    const id = QuestionnaireField.questionOf(blockId) ?? (QuestionnaireField.evidenceOf(blockId) ? blockId : undefined);
    const action = StateAction.safeParse(block[QuestionnaireField.answerAction]);
    if (id !== undefined && action.success) inputs[id] = action.data;
  }
  return inputs;
}

/**
 * The service's half: the answers to the questions `pageQuestionIds` from `inputs`, or what to fix,
 * keyed by block id. Unknown question ids are skipped. `kpis`: the pilot's registered KPIs, read one
 * field each for a `perKpi` question (the page showed them so).
 */
export function parsePageAnswers(
  q: Questionnaire,
  pageQuestionIds: readonly string[],
  inputs: PageInputs,
  kpis: readonly Kpi[] = [],
): ParsedQuestionnaireState {
  const answers: Answers = {};
  const errors: Record<string, string> = {};
  for (const id of pageQuestionIds) {
    const question = q.questions.find((x) => x.id === id);
    if (!question) continue;
    if (question.kind === 'text' && question.perKpi && kpis.length > 0) {
      const perKpi = parseKpiResults(question, kpis, inputs);
      if ('errors' in perKpi) Object.assign(errors, perKpi.errors);
      else answers[id] = perKpi.value;
      continue;
    }
    const parsed = parseAnswer(question, inputs[id] ?? {});
    if ('error' in parsed) errors[QuestionnaireField.question(id)] = parsed.error;
    else answers[id] = parsed.value;
  }
  return { answers, errors };
}

/** Both halves at once: the answers on a page, straight from `view.state.values`. */
export function parseQuestionnaireState(
  q: Questionnaire,
  pageQuestionIds: readonly string[],
  values: unknown,
  kpis: readonly Kpi[] = [],
): ParsedQuestionnaireState {
  return parsePageAnswers(q, pageQuestionIds, readPageInputs(values), kpis);
}

/**
 * One result per KPI, each field's error on its own block; stored as one line per KPI. All empty on an
 * optional question is no answer (null).
 */
function parseKpiResults(
  question: Extract<Question, { kind: 'text' }>,
  kpis: readonly Kpi[],
  inputs: PageInputs,
): { value: AnswerValue } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const results = kpis.map((kpi, i) => {
    const raw =
      inputs[QuestionnaireField.questionOf(QuestionnaireField.kpiResult(question.id, i))!]?.value?.trim() ?? '';
    if (raw === '' && question.required)
      errors[QuestionnaireField.kpiResult(question.id, i)] = `Enter the measured result for ${kpi.name}.`;
    else if (raw.length > KPI_RESULT_MAX)
      errors[QuestionnaireField.kpiResult(question.id, i)] =
        `Keep it to ${KPI_RESULT_MAX} characters or fewer (now ${raw.length}).`;
    return raw.replace(/\s+/g, ' ');
  });
  if (Object.keys(errors).length > 0) return { errors };
  if (results.every((r) => r === '')) return { value: null };
  const value = composeKpiResults(kpis, results);
  const limit = question.maxLength ?? 3000;
  if (value.length > limit) {
    const last = QuestionnaireField.kpiResult(question.id, kpis.length - 1);
    return {
      errors: { [last]: `Shorten the results: together they must fit ${limit} characters (now ${value.length}).` },
    };
  }
  return { value };
}

const EMPTY_MESSAGE: Record<Question['kind'], string> = {
  text: 'Enter an answer.',
  number: 'Enter a number.',
  yes_no: 'Pick Yes or No.',
  date: 'Pick a date.',
  user: 'Pick a person.',
  users: 'Pick at least one person.',
  checklist: '',
  select: 'Pick one of the options.',
  assessment: 'Pick Confirmed, Conditional or Failed.',
};

/** The answer to one question, or what to fix. */
export function parseAnswer(question: Question, action: StateAction): Parsed {
  const raw = rawAnswer(question, action);
  if (raw === null) return question.required ? { error: EMPTY_MESSAGE[question.kind] } : { value: null };
  switch (question.kind) {
    case 'text':
      return question.maxLength !== undefined && raw.length > question.maxLength
        ? { error: `Keep it to ${question.maxLength} characters or fewer (now ${raw.length}).` }
        : { value: raw };
    case 'number':
      return parseNumber(question, raw);
    case 'yes_no':
      return raw === QuestionnaireField.yes || raw === QuestionnaireField.no
        ? { value: raw === QuestionnaireField.yes }
        : { error: EMPTY_MESSAGE.yes_no };
    case 'date':
      return isIsoDate(raw) ? { value: raw } : { error: 'Pick a valid date.' };
    case 'select':
      return question.options.some((o) => o.value === raw) ? { value: raw } : { error: EMPTY_MESSAGE.select };
    case 'assessment':
      return ['confirmed', 'conditional', 'failed'].includes(raw)
        ? { value: raw }
        : { error: EMPTY_MESSAGE.assessment };
    case 'user':
      return { value: raw };
    case 'users':
    case 'checklist':
      return parseList(question, raw.split('\n'));
  }
}

/** The trimmed raw answer (lists joined by newlines), or null when empty; checklists are never empty. */
function rawAnswer(question: Question, action: StateAction): string | null {
  const text = (s: string | null | undefined) => (s && s.trim() !== '' ? s.trim() : null);
  const list = (items: (string | null | undefined)[]) => {
    const kept = items.map(text).filter((s): s is string => s !== null);
    return kept.length ? kept.join('\n') : null;
  };
  switch (question.kind) {
    case 'text':
    case 'number':
      return text(action.value);
    case 'date':
      return text(action.selected_date);
    case 'user':
      return text(action.selected_user);
    case 'users':
      return list(action.selected_users ?? []);
    case 'checklist':
      return (action.selected_options ?? []).map((o) => o.value).join('\n');
    default:
      return text(action.selected_option?.value);
  }
}

function parseList(question: Extract<Question, { kind: 'users' | 'checklist' }>, raw: string[]): Parsed {
  if (question.kind === 'checklist') {
    return { value: question.items.filter((it) => raw.includes(it.id)).map((it) => it.id) };
  }
  const users = [...new Set(raw)];
  if (question.maxSelected !== undefined && users.length > question.maxSelected) {
    return { error: `Pick at most ${question.maxSelected} ${question.maxSelected === 1 ? 'person' : 'people'}.` };
  }
  return { value: users };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function parseNumber(question: Extract<Question, { kind: 'number' }>, raw: string): Parsed {
  const { min, max, decimal } = question;
  const range =
    min !== undefined && max !== undefined
      ? ` between ${min} and ${max}`
      : min !== undefined
        ? ` of ${min} or more`
        : max !== undefined
          ? ` of ${max} or less`
          : '';
  const error = { error: `Enter a ${decimal ? 'number' : 'whole number'}${range}.` };
  const cleaned = raw.replace(/[,\s]/g, '');
  if (!NUMBER.test(cleaned)) return error;
  const n = Number(cleaned);
  if (!Number.isFinite(n) || (!decimal && !Number.isInteger(n))) return error;
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) return error;
  return { value: n };
}
