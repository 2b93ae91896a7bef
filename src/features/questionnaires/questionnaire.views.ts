/**
 * The questionnaire modal: a pure function of the questionnaire, the page and the prefill.
 *
 * Paging (questionnaire-pages.domain.ts) keeps every page inside Slack's limits by construction:
 * - at most MAX_INPUTS_PER_PAGE (10) questions per page, and at most 30 questions per questionnaire
 *   (schema), so at most 3 pages: even a views.push flow stays within the 3-view stack;
 * - blocks per page ≤ 1 intro + 1 context + 10 × (1 group header + 1 input + 1 missing-answer flag) = 32, plus
 *   the evidence inputs under each of at most 5 assessments (questionnaire-evidence.views.ts) ≤ 62 ≤ 100;
 * - title ≤ 24 and option texts ≤ 75 are enforced by the schema; option values are snake ids ≤ 64;
 *   radio buttons hold 2–3 options (a select with 2 options is shown as radio) and checklists ≤ 10 items;
 * - private_metadata (≤ 3000) and callback_id (≤ 255) come from the caller and are checked here.
 */
import type {
  Checkboxes,
  Datepicker,
  InputBlock,
  KnownBlock,
  ModalView,
  MultiUsersSelect,
  NumberInput,
  PlainTextInput,
  PlainTextOption,
  RadioButtons,
  StaticSelect,
  UsersSelect,
} from '@slack/types';
import { type Answers, type AnswerValue, stringList } from '../../core/answers.domain.js';
import { SIGNAL_LABELS } from '../../core/catalog.domain.js';
import { assessmentOfLabel } from '../../core/manifest.checks.js';
import type { AssessmentQuestion, Question, Questionnaire } from '../../core/manifest.schema.js';
import { clip, context, escapeMrkdwn, header, input, plain, section } from '../../slack/blocks.js';
import { QuestionnaireField } from '../../slack/ids.js';
import { slackDate } from '../../slack/slack-date.js';
import type { Kpi } from '../pilots/pilot.types.js';
import { KPI_RESULT_MAX, splitKpiResults } from './kpi-results.domain.js';
import { evidenceBlocks } from './questionnaire-evidence.views.js';
import { questionnairePages } from './questionnaire-pages.domain.js';

export const BUSINESS_CASE_HEADER = 'Production business case';
const OTHER_HEADER = 'Other questions';

export interface QuestionnaireModalInput {
  questionnaire: Questionnaire;
  /** 0-based page index into questionnairePages(questionnaire). */
  page: number;
  pilotName: string;
  /** Earlier answers (saved or from previous pages); shown as initial values. */
  prefill?: Answers;
  /** Opaque private_metadata from the caller (≤ 3000 characters). */
  metadata: string;
  callbackId: string;
  /** Defaults to whether `page` is the last page. */
  isLastPage?: boolean;
  /** The pilot's registered KPIs: a `perKpi` question gets one field per KPI (one field without them). */
  kpis?: readonly Kpi[];
  /** The pilot's planned KPI-validation date (YYYY-MM-DD), shown above the KPI fields. */
  kpiValidationDate?: string;
  /**
   * Required questions of this page still without an answer (a final submit found them missing): each
   * is flagged right under its field and the first one takes the focus. Slack's own inline errors only
   * reach the view being submitted, so a page shown in its place marks its fields itself.
   */
  missing?: readonly string[];
}

/** The words under a required field that a final submit found empty. */
export const MISSING_ANSWER = ':warning: *Answer this question.* It is required and has no answer yet.';

/** One page of a role's questionnaire as a modal: "Next" on every page but the last, "Submit answers" there. */
export function questionnaireModal(input: QuestionnaireModalInput): ModalView {
  const { questionnaire: q, page, prefill = {} } = input;
  const pages = questionnairePages(q);
  const current = pages[page];
  if (!current) throw new RangeError(`page ${page} does not exist (${pages.length} pages)`);
  if (input.metadata.length > 3000) throw new RangeError('private_metadata is longer than 3000 characters');
  if (input.callbackId.length > 255) throw new RangeError('callback_id is longer than 255 characters');
  const isLast = input.isLastPage ?? page === pages.length - 1;
  const pageNote = pages.length > 1 ? ` · Page ${page + 1} of ${pages.length}` : '';
  const blocks: KnownBlock[] = [];
  if (page === 0) blocks.push(section(escapeMrkdwn(q.intro)));
  blocks.push(context(`*Pilot:* ${escapeMrkdwn(input.pilotName)}${pageNote}`));
  blocks.push(...questionBlocks(q, current.questionIds, prefill, input, input.missing ?? []));
  return {
    type: 'modal',
    callback_id: input.callbackId,
    private_metadata: input.metadata,
    title: plain(q.title, 24),
    submit: plain(isLast ? 'Submit answers' : 'Next', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

const groupOf = (x: Question): string =>
  x.businessCase ? BUSINESS_CASE_HEADER : x.signal ? SIGNAL_LABELS[x.signal] : OTHER_HEADER;

/** Input blocks of the page's questions, with a header each time the group (signal or business case) changes. */
function questionBlocks(
  q: Questionnaire,
  ids: string[],
  prefill: Answers,
  facts: Pick<QuestionnaireModalInput, 'kpis' | 'kpiValidationDate'>,
  missing: readonly string[],
): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let group: string | undefined;
  // A signal's evidence closes its group: the questions first, then what shows the answers.
  let evidenceFor: AssessmentQuestion | undefined;
  const closeGroup = () => {
    if (evidenceFor) blocks.push(...evidenceBlocks(evidenceFor, prefill));
    evidenceFor = undefined;
  };
  const firstMissing = ids.find((id) => missing.includes(id));
  for (const id of ids) {
    const question = q.questions.find((x) => x.id === id);
    if (!question) continue;
    if (groupOf(question) !== group) {
      closeGroup();
      group = groupOf(question);
      blocks.push(header(group));
    }
    const kpis = facts.kpis ?? [];
    const own =
      question.kind === 'text' && question.perKpi && kpis.length > 0
        ? kpiResultBlocks(question, kpis, prefill[id] ?? null, facts.kpiValidationDate)
        : [questionInput(question, prefill[id] ?? null)];
    if (missing.includes(id)) {
      blocks.push(...(id === firstMissing ? focusFirstInput(own) : own), context(MISSING_ANSWER));
    } else blocks.push(...own);
    if (question.kind === 'assessment' && q.purview[question.signal] !== undefined) evidenceFor = question;
  }
  closeGroup();
  return blocks;
}

/** The blocks with their first input's element focused when the modal opens (one per view, by Slack's rule). */
function focusFirstInput(blocks: KnownBlock[]): KnownBlock[] {
  const first = blocks.findIndex((b) => b.type === 'input');
  return blocks.map((b, i) =>
    i === first && b.type === 'input'
      ? { ...b, element: { ...b.element, focus_on_load: true } as InputBlock['element'] }
      : b,
  );
}

/** The question once, then one field per registered KPI with its baseline and target. */
function kpiResultBlocks(
  question: Extract<Question, { kind: 'text' }>,
  kpis: readonly Kpi[],
  value: AnswerValue,
  validationDate: string | undefined,
): KnownBlock[] {
  const planned = validationDate ? ` · validation planned for ${slackDate(validationDate)}` : '';
  const results = splitKpiResults(kpis, value);
  const fields = kpis.map((kpi, i) => {
    const result = results[i] ?? '';
    const element: PlainTextInput = {
      type: 'plain_text_input',
      action_id: QuestionnaireField.answerAction,
      max_length: KPI_RESULT_MAX,
      placeholder: plain('Measured result, e.g. 10.5 min', 150),
      ...(result ? { initial_value: clip(result, KPI_RESULT_MAX) } : {}),
    };
    return input(QuestionnaireField.kpiResult(question.id, i), clip(kpi.name, 150), element, {
      optional: !question.required,
      hint: clip(`Baseline ${kpi.baseline} · target ${kpi.target}`, 150),
    });
  });
  return [context(`*${escapeMrkdwn(question.label)}*${planned}`), ...fields];
}

/** The input block for one question, prefilled with `value` when it fits the question. */
export function questionInput(question: Question, value: AnswerValue): InputBlock {
  const label = question.kind === 'number' && question.unit ? `${question.label} (${question.unit})` : question.label;
  // Nothing ticked is a valid checklist answer, so Slack must not demand a tick.
  const optional = !question.required || question.kind === 'checklist';
  return input(QuestionnaireField.question(question.id), label, element(question, value), {
    optional,
    ...(question.hint ? { hint: question.hint } : {}),
  });
}

const opt = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value: clip(value, 150) });

function element(question: Question, value: AnswerValue): InputBlock['element'] {
  switch (question.kind) {
    case 'text':
    case 'number':
      return textualElement(question, value);
    case 'yes_no':
      return radio(
        [opt('Yes', QuestionnaireField.yes), opt('No', QuestionnaireField.no)],
        typeof value === 'boolean' ? (value ? QuestionnaireField.yes : QuestionnaireField.no) : null,
      );
    case 'assessment':
      return radio(
        question.options.map((o) => opt(o.label, assessmentOfLabel(o.label) ?? o.label)),
        value,
      );
    case 'checklist': {
      const options = question.items.map((it) => opt(it.label, it.id));
      const ticked = stringList(value);
      const initial = options.filter((o) => o.value !== undefined && ticked.includes(o.value));
      return {
        type: 'checkboxes',
        action_id: QuestionnaireField.answerAction,
        options,
        ...(initial.length ? { initial_options: initial } : {}),
      } satisfies Checkboxes;
    }
    case 'select': {
      const options = question.options.map((o) => opt(o.label, o.value));
      // Two options read faster side by side than behind a menu.
      if (options.length === 2) return radio(options, value);
      const initial = options.find((o) => o.value === value);
      return {
        type: 'static_select',
        action_id: QuestionnaireField.answerAction,
        options,
        ...(initial ? { initial_option: initial } : {}),
      } satisfies StaticSelect;
    }
    default:
      return pickerElement(question, value);
  }
}

/** Radio buttons, with the option whose value equals `value` selected. */
function radio(options: PlainTextOption[], value: AnswerValue): RadioButtons {
  const initial = options.find((o) => o.value === value);
  return {
    type: 'radio_buttons',
    action_id: QuestionnaireField.answerAction,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

function pickerElement(question: Question, value: AnswerValue): InputBlock['element'] {
  const action_id = QuestionnaireField.answerAction;
  if (question.kind === 'date') {
    const ok = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    return { type: 'datepicker', action_id, ...(ok ? { initial_date: value } : {}) } satisfies Datepicker;
  }
  if (question.kind === 'user') {
    const ok = typeof value === 'string' && value.trim() !== '';
    return { type: 'users_select', action_id, ...(ok ? { initial_user: value } : {}) } satisfies UsersSelect;
  }
  if (question.kind === 'users') {
    const max = question.maxSelected;
    const all = stringList(value);
    const users = all.slice(0, max ?? all.length);
    return {
      type: 'multi_users_select',
      action_id,
      ...(max ? { max_selected_items: max } : {}),
      ...(users.length ? { initial_users: users } : {}),
    } satisfies MultiUsersSelect;
  }
  throw new Error(`no element for question kind ${question.kind}`);
}

function textualElement(question: Extract<Question, { kind: 'text' | 'number' }>, value: AnswerValue) {
  const placeholder = question.placeholder ? { placeholder: plain(question.placeholder, 150) } : {};
  if (question.kind === 'text') {
    const max = question.maxLength ?? 3000;
    return {
      type: 'plain_text_input',
      action_id: QuestionnaireField.answerAction,
      multiline: question.multiline,
      max_length: max,
      ...placeholder,
      ...(typeof value === 'string' && value !== '' ? { initial_value: clip(value, max) } : {}),
    } satisfies PlainTextInput;
  }
  return {
    type: 'number_input',
    action_id: QuestionnaireField.answerAction,
    is_decimal_allowed: question.decimal,
    ...(question.min !== undefined ? { min_value: String(question.min) } : {}),
    ...(question.max !== undefined ? { max_value: String(question.max) } : {}),
    ...placeholder,
    ...(fitsNumber(question, value) ? { initial_value: String(value) } : {}),
  } satisfies NumberInput;
}

/** Slack rejects an initial value the element itself would refuse, so only a fitting number is prefilled. */
function fitsNumber(question: Extract<Question, { kind: 'number' }>, value: AnswerValue): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (!question.decimal && !Number.isInteger(value)) return false;
  return (question.min === undefined || value >= question.min) && (question.max === undefined || value <= question.max);
}
