/**
 * Evaluates the caps of a questionnaire: evidence answers that limit how good a signal can be,
 * whatever the assessments say ("KPIs measured on curated data" → kpi_validation at most conditional).
 */
import { type Answers, type AnswerValue, stringList } from './answers.domain.js';
import type { RoleId, SignalId } from './catalog.domain.js';
import { isEmptyAnswer } from './manifest.domain.js';
import type { Cap, Question, Questionnaire } from './manifest.schema.js';

export interface FiredCap {
  role: RoleId;
  questionId: string;
  signal: SignalId;
  atMost: Cap['atMost'];
  /** The manifest's reason; for an unticked checklist, followed by the missing items. */
  reason: string;
}

/**
 * Caps of one role's questionnaire that its answers trigger. Unanswered questions trigger
 * nothing except `empty` caps (and `unchecked_any`, where no answer means nothing ticked).
 */
export function firedCaps(
  questionnaire: Questionnaire,
  role: RoleId,
  answers: Answers,
  pilot: { regulated: boolean },
): FiredCap[] {
  return questionnaire.questions.flatMap((question) =>
    question.caps.flatMap((cap) => {
      const reason = capReason(question, cap, answers[question.id] ?? null, pilot);
      return reason === undefined
        ? []
        : [{ role, questionId: question.id, signal: cap.signal, atMost: cap.atMost, reason }];
    }),
  );
}

/** The cap's reason when it applies to this answer, otherwise undefined. */
function capReason(question: Question, cap: Cap, value: AnswerValue, pilot: { regulated: boolean }) {
  const { when } = cap;
  if (when.pilotRegulated !== undefined && when.pilotRegulated !== pilot.regulated) return undefined;
  if (when.empty) return isEmptyAnswer(value) ? cap.reason : undefined;
  if (when.equals !== undefined) return value === when.equals ? cap.reason : undefined;
  if (when.below !== undefined) return typeof value === 'number' && value < when.below ? cap.reason : undefined;
  if (when.unchecked_any && question.kind === 'checklist') {
    const ticked = stringList(value);
    const missing = question.items.filter((item) => !ticked.includes(item.id)).map((item) => item.label);
    return missing.length > 0 ? `${cap.reason} (missing: ${missing.join('; ')})` : undefined;
  }
  return undefined;
}
