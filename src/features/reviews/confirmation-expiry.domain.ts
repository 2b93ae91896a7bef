/**
 * Confirmations expire: an assessor's answers confirmed longer ago than the workspace's validity
 * (CONFIRMATION_VALID_FOR) are *stale*, and the signals that assessor assesses count as pending for the
 * outcome until they re-confirm (*Still true*) or answer again.
 */
import { ROLE_IDS, ROLE_LABELS, type RoleId, type SignalId } from '../../core/catalog.domain.js';
import { reviewOutcome } from './outcome.domain.js';
import type { Review } from './review.types.js';

export type Freshness = 'fresh' | 'stale';

/** A confirmation older than `validForMs` at `now` is stale; one exactly that old is still fresh. */
export function confirmationFreshness(confirmedAt: Date, now: Date, validForMs: number): Freshness {
  return now.getTime() - confirmedAt.getTime() > validForMs ? 'stale' : 'fresh';
}

/** One role's stale confirmation: who, and when they last confirmed. */
export interface StaleConfirmation {
  role: RoleId;
  confirmedAt: Date;
}

/**
 * The answered roles whose confirmation is stale, in role order. A role that has not answered is pending
 * anyway, and one without a recorded time is not judged.
 */
export function staleConfirmations(input: {
  answeredRoles: readonly RoleId[];
  confirmedAt: Partial<Record<RoleId, Date>>;
  now: Date;
  validForMs: number;
}): StaleConfirmation[] {
  return ROLE_IDS.flatMap((role) => {
    const at = input.confirmedAt[role];
    if (!at || !input.answeredRoles.includes(role)) return [];
    return confirmationFreshness(at, input.now, input.validForMs) === 'stale' ? [{ role, confirmedAt: at }] : [];
  });
}

/**
 * When each role last confirmed: the later of the time recorded on the review and the role's latest
 * submission up to the current round (reviews written before the review recorded it have only the latter).
 */
export function confirmationTimes(
  review: Pick<Review, 'round' | 'confirmations'>,
  history: readonly { role: RoleId; round: number; submittedAt: Date }[],
): Partial<Record<RoleId, Date>> {
  const times: Partial<Record<RoleId, Date>> = {};
  const later = (role: RoleId, at: Date | undefined) => {
    const known = times[role];
    if (at && (!known || at.getTime() > known.getTime())) times[role] = at;
  };
  for (const [role, at] of Object.entries(review.confirmations ?? {})) later(role as RoleId, at);
  for (const entry of history) if (entry.round <= review.round) later(entry.role, entry.submittedAt);
  return times;
}

/**
 * The stale confirmations the sponsor's last opening of the decision found and asked about
 * (`reconfirmAsked`), as far as they still stand: a role re-stamped (*Still true*) or answered anew since
 * has a newer confirmation and is no longer stale. What the card shows, without judging the time again.
 */
export function askedAndStillStale(
  review: Pick<Review, 'answeredRoles' | 'confirmations' | 'reconfirmAsked'>,
): StaleConfirmation[] {
  return ROLE_IDS.flatMap((role) => {
    const asked = review.reconfirmAsked?.[role];
    if (!asked || !review.answeredRoles.includes(role)) return [];
    const now = review.confirmations?.[role];
    const same = !now || new Date(now).getTime() <= new Date(asked).getTime();
    return same ? [{ role, confirmedAt: new Date(asked) }] : [];
  });
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The reason a stale confirmation puts first on each signal it holds up. */
export const staleReason = (s: StaleConfirmation): string =>
  `${ROLE_LABELS[s.role]}: confirmed ${isoDay(s.confirmedAt)}, now stale; awaiting re-confirmation`;

/**
 * The review as the sponsor must see it: each signal a stale role assesses shown pending (the stale
 * confirmation first among its reasons) and the outcome taken from those statuses, so *Proceed* waits
 * like it does for any pending signal. Nothing stale: the same review.
 */
export function withStaleConfirmations<R extends Pick<Review, 'statuses' | 'outcome'>>(
  review: R,
  assessorsOf: (signal: SignalId) => readonly RoleId[],
  stale: readonly StaleConfirmation[],
): R {
  if (stale.length === 0) return review;
  const statuses = review.statuses.map((s) => {
    const holding = stale.filter((c) => assessorsOf(s.signal).includes(c.role));
    if (holding.length === 0) return s;
    return { ...s, status: 'pending' as const, reasons: [...holding.map(staleReason), ...s.reasons] };
  });
  return { ...review, statuses, outcome: reviewOutcome(statuses) };
}
