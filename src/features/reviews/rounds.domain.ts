/**
 * Re-review rounds: after gap closure the roles that assess the affected signals answer again.
 * A review keeps every round; the statuses of a round use each role's latest answer that still counts.
 */
import type { Answers } from '../../core/answers.domain.js';
import { ROLE_IDS, type RoleId, type SignalId } from '../../core/catalog.domain.js';
import type { ManifestSet } from '../../core/manifest.domain.js';

/** One submission of one role's questionnaire in one round (rounds count from 1). */
export interface RoundAnswer {
  role: RoleId;
  round: number;
  answers: Answers;
}

/**
 * The roles that must answer again when `signals` are re-reviewed: every role that assesses one of them
 * or whose questions cap or give evidence for one of them. In role order.
 */
export function rolesToReassess(manifest: ManifestSet, signals: readonly SignalId[]): RoleId[] {
  const wanted = new Set(signals);
  return ROLE_IDS.filter((role) => {
    const assesses = signals.some((s) => manifest.purview[s]?.assessors.includes(role));
    const touches = manifest.questionnaires[role].questions.some(
      (q) => (q.signal !== undefined && wanted.has(q.signal)) || q.caps.some((c) => wanted.has(c.signal)),
    );
    return assesses || touches;
  });
}

/**
 * The answers that count in `round`: each role's latest answer from a round at or before it, except that a
 * role required in `round` counts only with an answer from that very round (its older answer is stale).
 * Among answers of the same round, the later entry in `history` wins.
 */
export function effectiveAnswers(
  history: readonly RoundAnswer[],
  round: number,
  requiredInRound: readonly RoleId[],
): Partial<Record<RoleId, Answers>> {
  const best = new Map<RoleId, RoundAnswer>();
  for (const entry of history) {
    const counts = requiredInRound.includes(entry.role) ? entry.round === round : entry.round <= round;
    const current = best.get(entry.role);
    if (counts && (!current || entry.round >= current.round)) best.set(entry.role, entry);
  }
  const result: Partial<Record<RoleId, Answers>> = {};
  for (const role of ROLE_IDS) {
    const entry = best.get(role);
    if (entry) result[role] = entry.answers;
  }
  return result;
}

/** The round bookkeeping of a review that `currentAnswers` needs. */
export interface RoundState {
  round: number;
  rounds: readonly { n: number; requiredRoles: readonly RoleId[] }[];
}

/**
 * The answers that count now: `effectiveAnswers` for the review's current round. Round 1 requires
 * nobody in particular (its roles are simply awaited); a re-review round requires the roles it re-asks.
 */
export function currentAnswers(review: RoundState, history: readonly RoundAnswer[]): Partial<Record<RoleId, Answers>> {
  const required = review.round === 1 ? [] : (review.rounds.find((r) => r.n === review.round)?.requiredRoles ?? []);
  return effectiveAnswers(history, review.round, required);
}
