import { evidenceChanges } from '../../core/evidence.domain.js';
import type { Answers } from '../../core/signal-status.domain.js';
import type { ChainedEvent } from '../audit/audit.domain.js';
import type { AuditInput, AuditTrail } from '../audit/audit.port.js';
import type { AnswerAwaitingAudit, ReviewStore } from './review.port.js';
import type { StoredAnswer } from './review.types.js';

type Repos = { audit: AuditTrail; reviews: ReviewStore };

/**
 * An answer saved this long ago and still without its audit event is taken as stalled (its request
 * died); a younger one may still be appending, and finishing it too would record it twice.
 */
export const AUDIT_STALLED_AFTER_MS = 10_000;

const answerEvent = (answer: StoredAnswer, before: Answers | null): AuditInput => ({
  teamId: answer.teamId,
  reviewId: answer.reviewId,
  at: answer.submittedAt,
  actor: answer.userId,
  type: 'answer.submitted',
  subject: answer.role,
  before,
  after: answer.answers,
});

/**
 * One event per evidence item the save added or removed (`evidence.added` / `evidence.removed`, subject
 * `<role>/<signal>`), so no item leaves without a trace; the answer's own event holds them too.
 */
const evidenceEvents = (answer: StoredAnswer, before: Answers | null): AuditInput[] =>
  evidenceChanges(before, answer.answers).map(({ change, signal, item }) => ({
    teamId: answer.teamId,
    reviewId: answer.reviewId,
    at: answer.submittedAt,
    actor: answer.userId,
    type: `evidence.${change}`,
    subject: `${answer.role}/${signal}`,
    before: change === 'removed' ? item : null,
    after: change === 'added' ? item : null,
  }));

/**
 * Appends a saved answer's `answer.submitted` event and its evidence events in one insert (durable once
 * this resolves) and returns the steps that can wait until the person has their reply: moving the chain
 * head and clearing the answer's pending marker. Stopped before those, the answer is finished by
 * finishStalledAudits, which finds the event already there and appends nothing twice.
 */
export async function appendAnswerEvent(
  repos: Repos,
  answer: StoredAnswer,
  before: Answers | null,
): Promise<{ finish(): Promise<void> }> {
  const events = await repos.audit.appendEvents([answerEvent(answer, before), ...evidenceEvents(answer, before)]);
  const last = events.at(-1) as ChainedEvent;
  return {
    finish: async () => {
      await repos.audit.recordHead(last);
      await repos.reviews.markAnswerAudited(answer);
    },
  };
}

/**
 * Appends a saved answer's `answer.submitted` event unless it is already in the trail (a request that
 * stopped after its append), then clears the answer's pending marker. Used by a resubmission or the
 * repair job when the first attempt stopped between the writes.
 */
export async function auditAnswer(repos: Repos, answer: StoredAnswer, before: Answers | null): Promise<void> {
  const input = answerEvent(answer, before);
  const stored = await repos.audit.findEvent(answer.teamId, answer.reviewId, input);
  // Its evidence events went in the same insert: found, they are there too.
  if (stored) await repos.audit.recordHead(stored);
  else await repos.audit.appendMany([input, ...evidenceEvents(answer, before)]);
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
    const before =
      'before' in answer.auditPending ? (answer.auditPending.before ?? null) : await lastAudited(repos, answer);
    await auditAnswer(repos, answer, before);
    finished.push(answer);
  }
  return finished;
}

/**
 * The answers a stalled edit replaced, when its marker could not hold them (ReviewStore.replaceAnswer):
 * none if the save inserted the round's document, else the role's last audited answers before it in the
 * trail (each save's event holds its answers as `after`).
 */
async function lastAudited(repos: Repos, answer: AnswerAwaitingAudit): Promise<Answers | null> {
  const at = answer.submittedAt.getTime();
  if (answer.firstSubmittedAt && answer.firstSubmittedAt.getTime() === at) return null;
  const since = answer.firstSubmittedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const earlier = (await repos.audit.forReview(answer.teamId, answer.reviewId)).filter(
    (e) => e.type === 'answer.submitted' && e.subject === answer.role && e.at.getTime() < at && e.at.getTime() >= since,
  );
  return (earlier.at(-1)?.after as Answers | undefined) ?? null;
}
