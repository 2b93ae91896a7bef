/**
 * Gap-closure plans (one item per conditional signal: action, owner, due date): who may mark an item
 * done, and when a plan is complete so the affected signals go to a re-review round.
 */
import { SIGNAL_IDS, SIGNAL_LABELS, type SignalId } from '../../core/catalog.domain.js';

/** The part of a plan item these rules read. */
export interface PlanItemState {
  round: number;
  signal: SignalId;
  ownerId: string;
  doneAt?: Date | null;
}

/** The item's owner, the pilot's executive sponsor or a workspace gate admin. */
export function mayMarkDone(
  item: Pick<PlanItemState, 'ownerId'>,
  userId: string,
  sponsorId: string,
  isGateAdmin: boolean,
) {
  return userId === item.ownerId || userId === sponsorId || isGateAdmin;
}

/** The plan decided in `round`: its items, in the order given. */
export const planOfRound = <T extends PlanItemState>(items: readonly T[], round: number): T[] =>
  items.filter((i) => i.round === round);

/**
 * True when the plan of `round` has items and every one is done. The next round starts only then,
 * re-assessing every signal of the plan at once, so rounds never collide.
 */
export function planComplete(items: readonly PlanItemState[], round: number): boolean {
  const plan = planOfRound(items, round);
  return plan.length > 0 && plan.every((i) => Boolean(i.doneAt));
}

/** The signals a plan covers, in catalog order. */
export function planSignals(items: readonly PlanItemState[]): SignalId[] {
  const covered = new Set(items.map((i) => i.signal));
  return SIGNAL_IDS.filter((s) => covered.has(s));
}

/** The recorded reason of a re-review round. */
export function reReviewReason(signals: readonly SignalId[]): string {
  return `Re-review after gap closure: ${signals.map((s) => SIGNAL_LABELS[s]).join(', ')}`;
}

/** "2/3 items done" style progress of one round's plan. */
export function planProgress(items: readonly PlanItemState[]): { done: number; total: number } {
  return { done: items.filter((i) => Boolean(i.doneAt)).length, total: items.length };
}
