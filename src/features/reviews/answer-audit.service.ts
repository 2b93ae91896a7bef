import type { Answers } from '../../core/signal-status.domain.js';
import type { AuditTrail } from '../audit/audit.port.js';
import type { ReviewStore } from './review.port.js';
import type { StoredAnswer } from './review.types.js';

type Repos = { audit: AuditTrail; reviews: ReviewStore };

/**
 * An answer saved this long ago and still without its audit event is taken as stalled (its request
 * died); a younger one may still be appending, and finishing it too would record it twice.
 */
export const AUDIT_STALLED_AFTER_MS = 10_000;

/**
 * Appends a saved answer's `answer.submitted` event, then clears the answer's pending marker. Used
 * right after the save, and again by a resubmission or the repair job when the first attempt stopped
 * between the two writes.
 */
export async function auditAnswer(repos: Repos, answer: StoredAnswer, before: Answers | null): Promise<void> {
  await repos.audit.append({
    teamId: answer.teamId,
    reviewId: answer.reviewId,
    at: answer.submittedAt,
    actor: answer.userId,
    type: 'answer.submitted',
    subject: answer.role,
    before,
    after: answer.answers,
  });
  await repos.reviews.markAnswerAudited(answer);
}

/**
 * Finishes the audit events of answers whose append stalled (older than AUDIT_STALLED_AFTER_MS, or
 * `staleBefore`), each claimed first so two finishers never append one twice. Returns those finished.
 */
export async function finishStalledAudits(
  repos: Repos,
  now: Date,
  opts: { staleBefore?: Date; only?: Pick<StoredAnswer, 'reviewId' | 'round' | 'role'> } = {},
): Promise<StoredAnswer[]> {
  const staleBefore = opts.staleBefore ?? new Date(now.getTime() - AUDIT_STALLED_AFTER_MS);
  const finished: StoredAnswer[] = [];
  for (const answer of await repos.reviews.answersAwaitingAudit(staleBefore, opts.only)) {
    if (!(await repos.reviews.claimAnswerAudit(answer, staleBefore, now))) continue;
    await auditAnswer(repos, answer, answer.auditPending.before);
    finished.push(answer);
  }
  return finished;
}
