/**
 * The shapes of one manifest question (kinds, options, caps, purview levels); the questionnaire that
 * holds them, and the rules across its questions, are in manifest.schema.ts and manifest.checks.ts.
 */
import { z } from 'zod';
import { SIGNAL_IDS } from './catalog.domain.js';
import { controlIdProblem, FRAMEWORKS } from './controls.domain.js';

/**
 * At most 30 questions: pages hold at most 10 inputs and Slack keeps at most 3 views on a modal stack,
 * so even a questionnaire paged with views.push fits.
 */
export const MAX_QUESTIONS = 30;

export const SnakeId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be snake_case (a-z, 0-9, _), start with a letter, at most 64 characters');

export const SignalRef = z.enum(SIGNAL_IDS, { error: `must be one of ${SIGNAL_IDS.join(', ')}` });

export const Text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/**
 * Keys of the production business case (KPI results at production scale, investment to reach all five
 * signals, return timeline, cost of staying in pilot); views group questions tagged with one.
 */
export const BUSINESS_CASE_KEYS = ['kpi_extrapolation', 'investment', 'return_timeline', 'cost_of_pilot'] as const;
export type BusinessCaseKey = (typeof BUSINESS_CASE_KEYS)[number];

/**
 * When a cap applies. Exactly one condition: `equals` (yes_no, select, number), `unchecked_any` (checklist: some
 * item not ticked), `empty` (no answer; needs `required: false`), `below` (number less than). `pilotRegulated`
 * narrows the cap to regulated (true) or unregulated (false) pilots.
 */
export const CapWhen = z
  .strictObject({
    equals: z.union([z.boolean(), z.string(), z.number()]).optional(),
    unchecked_any: z.literal(true).optional(),
    empty: z.literal(true).optional(),
    below: z.number().optional(),
    pilotRegulated: z.boolean().optional(),
  })
  .refine(
    (w) => [w.equals, w.unchecked_any, w.empty, w.below].filter((c) => c !== undefined).length === 1,
    'needs exactly one condition: equals, unchecked_any, empty or below',
  );
export type CapWhen = z.infer<typeof CapWhen>;

/** An answer that limits how good a signal can be, whatever the assessments say. */
export const Cap = z.strictObject({
  signal: SignalRef,
  atMost: z.enum(['conditional', 'failed'], { error: 'must be conditional or failed' }),
  when: CapWhen,
  /** In words, shown after the role's name. For `unchecked_any` the missing items are appended. */
  reason: Text(200),
});
export type Cap = z.infer<typeof Cap>;

/**
 * The public framework controls a question helps evidence, e.g. `{ eu_ai_act: ['Art. 10'], iso_42001: ['A.7.4'] }`.
 * Framework names and each framework's id format are checked; what a control requires is the framework's text.
 */
export const Controls = z
  .partialRecord(
    z.enum(FRAMEWORKS, { error: `must be one of ${FRAMEWORKS.join(', ')}` }),
    z.array(z.string()).min(1, 'needs at least one control id').max(20, 'at most 20 controls per framework'),
  )
  .superRefine((controls, ctx) => {
    for (const framework of FRAMEWORKS) {
      for (const [i, id] of (controls[framework] ?? []).entries()) {
        const problem = controlIdProblem(framework, id);
        if (problem) ctx.addIssue({ code: 'custom', path: [framework, i], message: problem });
      }
    }
  });
export type Controls = z.infer<typeof Controls>;

const base = {
  id: SnakeId,
  label: Text(2000),
  hint: Text(2000).optional(),
  required: z.boolean().default(true),
  /** The signal this question is evidence for. */
  signal: SignalRef.optional(),
  businessCase: z.enum(BUSINESS_CASE_KEYS, { error: `must be one of ${BUSINESS_CASE_KEYS.join(', ')}` }).optional(),
  caps: z.array(Cap).default([]),
  controls: Controls.optional(),
};

export const TextQuestion = z.strictObject({
  ...base,
  kind: z.literal('text'),
  multiline: z.boolean().default(false),
  maxLength: z.number().int().min(1).max(3000).optional(),
  placeholder: Text(150).optional(),
  /** Asked once per KPI the pilot registered (one field each), stored as one line per KPI. */
  perKpi: z.boolean().optional(),
});
export type TextQuestion = z.infer<typeof TextQuestion>;

export const NumberQuestion = z
  .strictObject({
    ...base,
    kind: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    decimal: z.boolean().default(false),
    /** Shown after the label, e.g. "USD" or "months". */
    unit: Text(16).optional(),
    placeholder: Text(150).optional(),
  })
  .refine((q) => q.min === undefined || q.max === undefined || q.min <= q.max, {
    message: 'min must not be greater than max',
    path: ['min'],
  });
export type NumberQuestion = z.infer<typeof NumberQuestion>;

export const YesNoQuestion = z.strictObject({ ...base, kind: z.literal('yes_no') });
export type YesNoQuestion = z.infer<typeof YesNoQuestion>;

export const DateQuestion = z.strictObject({ ...base, kind: z.literal('date') });
export type DateQuestion = z.infer<typeof DateQuestion>;

export const UserQuestion = z.strictObject({ ...base, kind: z.literal('user') });
export type UserQuestion = z.infer<typeof UserQuestion>;

export const UsersQuestion = z.strictObject({
  ...base,
  kind: z.literal('users'),
  maxSelected: z.number().int().min(1).max(100).optional(),
});
export type UsersQuestion = z.infer<typeof UsersQuestion>;

export const ChecklistItem = z.strictObject({ id: SnakeId, label: Text(75) });
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/** Ticked items are the answer; nothing ticked is a valid answer, so a checklist is never "unanswered". */
export const ChecklistQuestion = z.strictObject({
  ...base,
  kind: z.literal('checklist'),
  items: z.array(ChecklistItem).min(1, 'needs at least one item').max(10, 'Slack shows at most 10 checkboxes'),
});
export type ChecklistQuestion = z.infer<typeof ChecklistQuestion>;

export const SelectOption = z.strictObject({ value: SnakeId, label: Text(75) });
export type SelectOption = z.infer<typeof SelectOption>;

export const SelectQuestion = z.strictObject({
  ...base,
  kind: z.literal('select'),
  options: z.array(SelectOption).min(2, 'needs at least two options').max(100, 'Slack allows at most 100 options'),
});
export type SelectQuestion = z.infer<typeof SelectQuestion>;

export const ASSESSMENT_LABEL = /^(Confirmed|Conditional|Failed)(\s+[—–-]\s+\S.*)?$/;

export const AssessmentOption = z.strictObject({
  label: Text(75).regex(
    ASSESSMENT_LABEL,
    'must be Confirmed, Conditional or Failed, optionally followed by " — " and a short explanation',
  ),
});
export type AssessmentOption = z.infer<typeof AssessmentOption>;

/**
 * Evidence a level needs: `requiredFor: confirmed` refuses Confirmed without a link or file for the
 * signal; `conditional` refuses Conditional and Confirmed without one.
 */
export const EvidenceRule = z.strictObject({
  requiredFor: z.enum(['confirmed', 'conditional'], { error: 'must be confirmed or conditional' }),
});
export type EvidenceRule = z.infer<typeof EvidenceRule>;

/** The role's own judgement of one signal: Confirmed, Conditional or Failed. */
export const AssessmentQuestion = z.strictObject({
  ...base,
  kind: z.literal('assessment'),
  signal: SignalRef,
  evidence: EvidenceRule.optional(),
  options: z.array(AssessmentOption).length(3, 'needs exactly three options: Confirmed, Conditional and Failed'),
});
export type AssessmentQuestion = z.infer<typeof AssessmentQuestion>;

export const QUESTION_KINDS = [
  'text',
  'number',
  'yes_no',
  'date',
  'user',
  'users',
  'checklist',
  'select',
  'assessment',
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const Question = z.discriminatedUnion(
  'kind',
  [
    TextQuestion,
    NumberQuestion,
    YesNoQuestion,
    DateQuestion,
    UserQuestion,
    UsersQuestion,
    ChecklistQuestion,
    SelectQuestion,
    AssessmentQuestion,
  ],
  { error: `kind must be one of ${QUESTION_KINDS.join(', ')}` },
);
export type Question = z.infer<typeof Question>;

/** `primary` is the role accountable for the signal; `also` assesses it too. */
export const PurviewLevel = z.enum(['primary', 'also'], { error: 'must be primary or also' });
export type PurviewLevel = z.infer<typeof PurviewLevel>;
