/**
 * Questionnaire manifests: questionnaires are data, validated with zod at start-up; an invalid one stops
 * start-up naming the file, the path inside it and what is wrong.
 * Structural rules live in the schemas; rules that relate fields of one questionnaire to each other
 * live in `checkQuestionnaire` (see manifest.checks.ts). Rules across files live in manifest.domain.ts.
 */
import { z } from 'zod';
import { ROLE_IDS } from './catalog.domain.js';
import { checkQuestionnaire } from './manifest.checks.js';
import { MAX_QUESTIONS, PurviewLevel, Question, SignalRef, Text } from './question.schema.js';

// The question shapes are part of the manifest's schema: importers keep one module to import from.
export * from './question.schema.js';

export const Questionnaire = z
  .strictObject({
    role: z.enum(ROLE_IDS, { error: `must be one of ${ROLE_IDS.join(', ')}` }),
    version: z.union([Text(40), z.number()], { error: 'must be a string or a number' }).transform(String),
    title: Text(24),
    intro: Text(2000),
    /** The signals this role assesses; each needs exactly one assessment question. */
    purview: z.partialRecord(SignalRef, PurviewLevel).default({}),
    questions: z
      .array(Question)
      .min(1, 'needs at least one question')
      .max(MAX_QUESTIONS, `must have at most ${MAX_QUESTIONS} questions (3 modal pages of 10)`),
  })
  .superRefine(checkQuestionnaire);
export type Questionnaire = z.infer<typeof Questionnaire>;

/** One file holding every role's questionnaire. */
export const QuestionnaireBundle = z.strictObject({
  questionnaires: z.array(Questionnaire).min(1, 'needs at least one questionnaire'),
});
export type QuestionnaireBundle = z.infer<typeof QuestionnaireBundle>;
