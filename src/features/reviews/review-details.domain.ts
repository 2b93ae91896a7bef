/**
 * What the card's Details modal shows beyond the card: every role's assessment of every signal, the
 * evidence attached to it and the production business case, read from the answers that count in the
 * review's current round.
 */
import type { Answers, AnswerValue } from '../../core/answers.domain.js';
import { ROLE_IDS, type RoleId } from '../../core/catalog.domain.js';
import { STATUS_WORDS } from '../../core/glossary.domain.js';
import type { ManifestSet } from '../../core/manifest.domain.js';
import type { Question } from '../../core/manifest.schema.js';
import type { SignalStatusView } from '../../core/signal-status.domain.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { Review } from './review.types.js';
import type { EvidenceBySignal } from './signal-evidence.domain.js';

export interface BusinessCaseAnswer {
  role: RoleId;
  question: Question;
  /** null when the role has not answered (or left an optional question empty). */
  value: AnswerValue;
}

/** The business-case questions of every role (sponsor and ops lead by default), in role order, with answers. */
export function businessCaseAnswers(
  manifest: ManifestSet,
  answers: Partial<Record<RoleId, Answers>>,
): BusinessCaseAnswer[] {
  return ROLE_IDS.flatMap((role) =>
    manifest.questionnaires[role].questions
      .filter((q) => q.businessCase !== undefined)
      .map((question) => ({ role, question, value: answers[role]?.[question.id] ?? null })),
  );
}

/** An answer in words for a read-only view; user ids become mentions. */
export function answerText(question: Question, value: AnswerValue, mention: (userId: string) => string): string {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
  switch (question.kind) {
    case 'yes_no':
      return value ? 'Yes' : 'No';
    case 'number': {
      const n = typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
      return question.unit ? `${n} ${question.unit}` : n;
    }
    case 'user':
      return mention(String(value));
    case 'users':
      return (value as string[]).map(mention).join(', ');
    case 'checklist': {
      const ticked = value as string[];
      return question.items.map((it) => `${ticked.includes(it.id) ? '☑' : '☐'} ${it.label}`).join('\n');
    }
    case 'select':
      return question.options.find((o) => o.value === value)?.label ?? String(value);
    case 'assessment':
      return STATUS_WORDS[value as keyof typeof STATUS_WORDS] ?? String(value);
    default:
      return String(value);
  }
}

/** What the read-only Details modal shows: the pilot, its review, fresh statuses, evidence and the business case. */
export interface ReviewDetails {
  pilot: Pilot;
  review: Review;
  /** Fresh from the answers that count now, with every role's assessment. */
  signals: SignalStatusView[];
  businessCase: BusinessCaseAnswer[];
  /** Each signal's evidence in the same answers; a signal missing here has none attached. */
  evidence?: Partial<EvidenceBySignal>;
}
