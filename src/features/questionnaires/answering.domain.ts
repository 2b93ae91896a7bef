/**
 * Rules of answering a questionnaire across pages and rounds. Pure: the service reads the stored
 * answers and drafts, these functions decide what to show and what to save.
 */

import type { Answers } from '../../core/answers.domain.js';
import { type Assessment, type RoleId, SIGNAL_IDS, type SignalId } from '../../core/catalog.domain.js';
import { evidenceKey } from '../../core/evidence.domain.js';
import { assessmentQuestion, type ManifestSet, unansweredRequired } from '../../core/manifest.domain.js';
import type { Questionnaire } from '../../core/manifest.schema.js';

/** One stored submission of a role's questionnaire. */
export interface SubmittedAnswers {
  role: RoleId;
  round: number;
  answers: Answers;
}

/**
 * What the modal opens with: the role's latest answers from this round or an earlier one (so a
 * re-review starts from what the role said before), overlaid with the pages already submitted
 * as a draft in this round. Among answers of the same round, the later entry in `history` wins.
 */
export function prefillAnswers(
  history: readonly SubmittedAnswers[],
  role: RoleId,
  round: number,
  draft: Answers = {},
): Answers {
  let latest: SubmittedAnswers | undefined;
  for (const entry of history) {
    if (entry.role !== role || entry.round > round) continue;
    if (!latest || entry.round >= latest.round) latest = entry;
  }
  return { ...(latest?.answers ?? {}), ...draft };
}

/**
 * The answers to save on the last page: the draft of the earlier pages plus this page, keeping only
 * questions the questionnaire has and evidence of the signals it assesses (a draft never smuggles in a
 * foreign key).
 */
export function finalAnswers(q: Questionnaire, draft: Answers, page: Answers): Answers {
  const merged: Answers = { ...draft, ...page };
  const result: Answers = {};
  for (const question of q.questions) {
    if (question.id in merged) result[question.id] = merged[question.id] ?? null;
  }
  for (const signal of SIGNAL_IDS) {
    const key = evidenceKey(signal);
    if (q.purview[signal] !== undefined && key in merged) result[key] = merged[key] ?? [];
  }
  return result;
}

/**
 * The first page holding a required question without an answer, with those questions' ids;
 * undefined when nothing required is missing.
 */
export function firstIncompletePage(
  q: Questionnaire,
  pages: readonly { index: number; questionIds: readonly string[] }[],
  answers: Answers,
): { page: number; missing: string[] } | undefined {
  const missing = unansweredRequired(q, answers);
  if (missing.length === 0) return undefined;
  const page = pages.find((p) => p.questionIds.some((id) => missing.includes(id)));
  return { page: page?.index ?? 0, missing };
}

/**
 * The dedupe key of a disagreement thread: one thread per signal, pair of roles and round, so a
 * disagreement is raised once however many saves see it, and again only in a new round.
 */
export function disagreementKey(reviewId: string, round: number, signal: SignalId, roles: [RoleId, RoleId]): string {
  return `disagreement:${reviewId}:${round}:${signal}:${[...roles].sort().join('+')}`;
}

/** The assessment `role` gave `signal` in `answers`, if it gave one. */
export function assessmentOf(
  manifest: ManifestSet,
  answers: Answers | undefined,
  role: RoleId,
  signal: SignalId,
): Assessment | undefined {
  const question = assessmentQuestion(manifest.questionnaires[role], signal);
  const value = question ? answers?.[question.id] : undefined;
  return value === 'confirmed' || value === 'conditional' || value === 'failed' ? value : undefined;
}
