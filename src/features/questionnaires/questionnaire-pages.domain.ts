/**
 * How a questionnaire splits into modal pages: at most MAX_INPUTS_PER_PAGE questions each, business-case
 * questions last. Pure, so the listener, the service and the views all page the same way.
 */
import type { Question, Questionnaire } from '../../core/manifest.schema.js';

export const MAX_INPUTS_PER_PAGE = 10;

export interface QuestionnairePage {
  /** 0-based. */
  index: number;
  questionIds: string[];
}

/** Questions in manifest order, with the business-case questions moved together at the end. */
export function orderedQuestions(q: Questionnaire): Question[] {
  return [...q.questions.filter((x) => !x.businessCase), ...q.questions.filter((x) => x.businessCase)];
}

/**
 * Splits a questionnaire into pages of at most MAX_INPUTS_PER_PAGE questions, as evenly as possible
 * (14 questions → 7 + 7). Business-case questions come last.
 */
export function questionnairePages(q: Questionnaire): QuestionnairePage[] {
  const ordered = orderedQuestions(q);
  const count = Math.max(1, Math.ceil(ordered.length / MAX_INPUTS_PER_PAGE));
  const size = Math.max(1, Math.ceil(ordered.length / count));
  return Array.from({ length: count }, (_, index) => ({
    index,
    questionIds: ordered.slice(index * size, (index + 1) * size).map((x) => x.id),
  }));
}
