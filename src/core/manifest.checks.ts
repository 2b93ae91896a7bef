/**
 * Rules that relate the fields of one questionnaire to each other (run by the zod schema once the
 * structure is valid). Each problem is reported at the path of the field to fix.
 */
import type { z } from 'zod';
import type { Assessment, RoleId, SignalId } from './catalog.domain.js';
import type { BusinessCaseKey, Cap, PurviewLevel, Question } from './question.schema.js';

type Issue = { message: string; path: (string | number)[] };

/** The parsed questionnaire, before these checks run. */
export interface QuestionnaireDraft {
  role: RoleId;
  purview: Partial<Record<SignalId, PurviewLevel>>;
  questions: Question[];
}

/** zod `superRefine` hook: adds one issue per problem found. */
export function checkQuestionnaire(q: QuestionnaireDraft, ctx: z.RefinementCtx): void {
  const issues = [...checkIds(q.questions), ...checkAssessments(q), ...checkEvidence(q), ...checkBusinessCase(q)];
  for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
}

function duplicates(values: string[], path: (i: number) => Issue['path'], what: string): Issue[] {
  const seen = new Map<string, number>();
  const issues: Issue[] = [];
  values.forEach((v, i) => {
    const first = seen.get(v);
    if (first === undefined) seen.set(v, i);
    else issues.push({ path: path(i), message: `duplicate ${what} "${v}" (first used at index ${first})` });
  });
  return issues;
}

function checkIds(questions: Question[]): Issue[] {
  const issues = duplicates(
    questions.map((x) => x.id),
    (i) => ['questions', i, 'id'],
    'question id',
  );
  questions.forEach((x, i) => {
    if (x.kind === 'checklist') {
      issues.push(
        ...duplicates(
          x.items.map((it) => it.id),
          (j) => ['questions', i, 'items', j, 'id'],
          'item id',
        ),
      );
    }
    if (x.kind === 'select') {
      issues.push(
        ...duplicates(
          x.options.map((o) => o.value),
          (j) => ['questions', i, 'options', j, 'value'],
          'option value',
        ),
      );
    }
  });
  return issues;
}

/** The assessment value an option label stands for ("Conditional — …" → conditional). */
export function assessmentOfLabel(label: string): Assessment | undefined {
  const word = /^(Confirmed|Conditional|Failed)\b/.exec(label)?.[1];
  return word ? (word.toLowerCase() as Assessment) : undefined;
}

function checkAssessments(q: QuestionnaireDraft): Issue[] {
  const issues: Issue[] = [];
  const assessed = new Map<SignalId, number>();
  q.questions.forEach((x, i) => {
    if (x.kind !== 'assessment') return;
    const at = ['questions', i];
    if (!(x.signal in q.purview)) {
      issues.push({ path: [...at, 'signal'], message: `${x.signal} is not in this role's purview` });
    }
    const first = assessed.get(x.signal);
    if (first !== undefined) {
      issues.push({ path: [...at, 'signal'], message: `${x.signal} is already assessed by questions[${first}]` });
    } else assessed.set(x.signal, i);
    if (!x.required) issues.push({ path: [...at, 'required'], message: 'an assessment question must be required' });
    if (x.caps.length > 0) issues.push({ path: [...at, 'caps'], message: 'an assessment question cannot carry caps' });
    if (x.businessCase) issues.push({ path: [...at, 'businessCase'], message: 'an assessment is not business case' });
    const words = x.options.map((o) => assessmentOfLabel(o.label));
    for (const need of ['confirmed', 'conditional', 'failed'] as const) {
      // An unreadable label is reported on the label itself; "missing" would only repeat it.
      if (!words.includes(need) && !words.includes(undefined)) {
        issues.push({ path: [...at, 'options'], message: `needs one option for each status; ${need} is missing` });
      }
    }
  });
  for (const signal of Object.keys(q.purview) as SignalId[]) {
    if (!assessed.has(signal)) {
      issues.push({ path: ['purview', signal], message: `${signal} has no assessment question in this file` });
    }
  }
  return issues;
}

function checkEvidence(q: QuestionnaireDraft): Issue[] {
  const issues: Issue[] = [];
  q.questions.forEach((x, i) => {
    if (x.kind !== 'assessment' && x.signal && !(x.signal in q.purview)) {
      issues.push({ path: ['questions', i, 'signal'], message: `${x.signal} is not in this role's purview` });
    }
    x.caps.forEach((cap, j) => {
      const at = ['questions', i, 'caps', j];
      if (!(cap.signal in q.purview)) {
        issues.push({ path: [...at, 'signal'], message: `caps ${cap.signal}, which is not in this role's purview` });
      }
      const problem = capConditionProblem(x, cap);
      if (problem) issues.push({ path: [...at, 'when'], message: problem });
    });
  });
  return issues;
}

/** Why a cap's condition cannot work with its question, if it cannot. */
function capConditionProblem(x: Question, cap: Cap): string | undefined {
  const { equals, unchecked_any, empty, below } = cap.when;
  if (unchecked_any && x.kind !== 'checklist') return 'unchecked_any works only on checklist questions';
  if (below !== undefined && x.kind !== 'number') return 'below works only on number questions';
  if (empty && x.required && x.kind !== 'checklist') {
    return 'empty needs required: false on the question, otherwise it is never empty';
  }
  if (equals === undefined) return undefined;
  if (x.kind === 'yes_no') return typeof equals === 'boolean' ? undefined : 'equals must be true or false here';
  if (x.kind === 'number') return typeof equals === 'number' ? undefined : 'equals must be a number here';
  if (x.kind === 'select') {
    const values = x.options.map((o) => o.value);
    return values.includes(String(equals)) ? undefined : `equals must be one of ${values.join(', ')}`;
  }
  return 'equals works only on yes_no, select and number questions';
}

const BUSINESS_CASE_KINDS: Record<BusinessCaseKey, Question['kind'][]> = {
  kpi_extrapolation: ['text'],
  investment: ['number'],
  return_timeline: ['number', 'text'],
  cost_of_pilot: ['number'],
};

function checkBusinessCase(q: QuestionnaireDraft): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<BusinessCaseKey>();
  q.questions.forEach((x, i) => {
    if (!x.businessCase) return;
    const at = ['questions', i, 'businessCase'];
    if (seen.has(x.businessCase)) issues.push({ path: at, message: `${x.businessCase} is already asked` });
    seen.add(x.businessCase);
    const kinds = BUSINESS_CASE_KINDS[x.businessCase];
    if (!kinds.includes(x.kind)) {
      issues.push({ path: at, message: `${x.businessCase} needs a ${kinds.join(' or ')} question` });
    }
  });
  return issues;
}
