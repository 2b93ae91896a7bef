/**
 * What the review card offers at each step of the review: one obvious next step (the primary button),
 * and nothing that no longer applies (no *Answer my questions* once all are in, no *Record decision*
 * once the round is decided).
 */
import type { Decision, PilotStage, RoleId } from '../../core/catalog.domain.js';
import type { Outcome } from './outcome.domain.js';

/**
 * The card's step: answers coming in, waiting on stale confirmations to be re-confirmed, ready for the
 * sponsor, decided, or in production.
 */
export type CardStep = 'collecting' | 'reconfirming' | 'ready' | 'decided' | 'production' | 'closed';

export type CardAction = 'answer' | 'remind' | 'decide' | 'viewDecision' | 'viewPlan' | 'review90' | 'details';

export interface CardState {
  stage: PilotStage;
  outcome: Outcome;
  /** The decision recorded for the review's current round, if any. */
  decidedThisRound: Decision | null;
  /** Whether any decision was ever recorded (a later round still has one to show). */
  anyDecision: boolean;
  hasPlan: boolean;
  /** In production long enough for its 90-day review. */
  review90Due: boolean;
  /** Some answers' confirmation is stale: the decision waits for their assessors to re-confirm. */
  reconfirming: boolean;
}

export function cardStep(s: CardState): CardStep {
  if (s.stage === 'terminated') return 'closed';
  if (s.stage === 'production' || s.stage === 'reviewed_90d') return 'production';
  if (s.decidedThisRound) return 'decided';
  if (s.reconfirming) return 'reconfirming';
  return s.outcome === 'collecting' ? 'collecting' : 'ready';
}

export interface CardButton {
  action: CardAction;
  primary: boolean;
}

const plain = (action: CardAction): CardButton => ({ action, primary: false });
const primary = (action: CardAction): CardButton => ({ action, primary: true });

/** The card's buttons, in order; at most one is primary, and only when there is a next step to take. */
export function cardActions(s: CardState): CardButton[] {
  const plan = s.hasPlan ? [plain('viewPlan')] : [];
  const decision = s.anyDecision ? [plain('viewDecision')] : [];
  switch (cardStep(s)) {
    case 'collecting':
      return [primary('answer'), plain('remind'), ...decision, ...plan, plain('details')];
    case 'reconfirming':
      // The next step is the assessors'; the sponsor may still open the decision (pause, terminate).
      return [plain('decide'), ...decision, ...plan, plain('details')];
    case 'ready':
      return [primary('decide'), ...decision, ...plan, plain('details')];
    case 'decided':
      return [...decision, ...plan, plain('details')];
    case 'production':
      return [
        ...(s.review90Due && s.stage === 'production' ? [primary('review90')] : []),
        ...decision,
        ...plan,
        plain('details'),
      ];
    case 'closed':
      return [...decision, plain('details')];
  }
}

/** Who the round still waits on, in the order given. */
export const awaitedRoles = (required: readonly RoleId[], answered: readonly RoleId[]): RoleId[] =>
  required.filter((r) => !answered.includes(r));
