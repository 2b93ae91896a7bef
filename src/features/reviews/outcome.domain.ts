/**
 * From signal statuses to the review's outcome, the decisions the sponsor may record, and the checks a
 * decision must pass: `proceed` only when all five signals are confirmed, `gap_closure` only with a plan
 * item for every conditional signal, `pause` and `terminate` any time with a reason, and nothing while the
 * operational lead has not answered.
 */
import { isIsoDate } from '../../core/answers.domain.js';
import {
  DECISIONS,
  type Decision,
  SIGNAL_IDS,
  SIGNAL_LABELS,
  type SignalId,
  type SignalStatusValue,
} from '../../core/catalog.domain.js';

export const OUTCOMES = ['collecting', 'proceed', 'continue_pre_production', 'pause'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  collecting: 'Collecting answers',
  proceed: 'Ready to scale: proceed to production',
  continue_pre_production: 'Continue in pre-production: a gap-closure plan is needed for each conditional signal',
  pause: 'Pause: a structural gap must be fixed before the scale discussion',
};

/** The part of a signal status the outcome depends on. */
export interface StatusOf {
  signal: SignalId;
  status: SignalStatusValue;
}

/**
 * The review's outcome: any signal pending → collecting; any failed → pause; any conditional →
 * continue in pre-production; all confirmed → proceed.
 */
export function reviewOutcome(statuses: readonly Pick<StatusOf, 'status'>[]): Outcome {
  const has = (s: SignalStatusValue) => statuses.some((x) => x.status === s);
  if (statuses.length === 0 || has('pending')) return 'collecting';
  if (has('failed')) return 'pause';
  if (has('conditional')) return 'continue_pre_production';
  return 'proceed';
}

/**
 * The decisions the sponsor may record now: none while the operational lead has not answered;
 * otherwise pause and terminate always, proceed only on a proceed outcome, gap_closure only on
 * continue_pre_production. In DECISIONS order.
 */
export function allowedDecisions(input: { outcome: Outcome; opsLeadAnswered: boolean }): Decision[] {
  if (!input.opsLeadAnswered) return [];
  return DECISIONS.filter((d) => {
    if (d === 'proceed') return input.outcome === 'proceed';
    if (d === 'gap_closure') return input.outcome === 'continue_pre_production';
    return true;
  });
}

export interface PlanItemInput {
  signal: SignalId;
  action: string;
  /** Slack user id of the owner. */
  ownerId: string;
  /** YYYY-MM-DD */
  dueDate: string;
  investment?: number;
}

export interface DecisionInput {
  decision: Decision;
  reason?: string;
  planItems?: PlanItemInput[];
}

export interface DecisionContext {
  statuses: readonly StatusOf[];
  opsLeadAnswered: boolean;
  /** YYYY-MM-DD in the deciding user's time zone. */
  today: string;
}

export type DecisionValidation = { ok: true } | { ok: false; errors: Record<string, string> };

const REFUSED: Record<'proceed' | 'gap_closure', string> = {
  proceed: 'Proceed needs all five signals confirmed.',
  gap_closure: 'A gap-closure plan applies when no signal failed and at least one is conditional.',
};

/**
 * Checks a decision before it is recorded. Error keys: `decision`, `reason`, `plan.<signal>` (a
 * conditional signal without a complete plan item) and `planItems.<index>.<field>` (field of one item).
 */
export function validateDecision(input: DecisionInput, ctx: DecisionContext): DecisionValidation {
  const errors: Record<string, string> = {};
  const allowed = allowedDecisions({ outcome: reviewOutcome(ctx.statuses), opsLeadAnswered: ctx.opsLeadAnswered });
  if (!ctx.opsLeadAnswered) {
    errors.decision = 'Nothing can be decided until the operational lead has answered.';
  } else if (!allowed.includes(input.decision)) {
    errors.decision = REFUSED[input.decision as keyof typeof REFUSED] ?? 'This decision is not allowed now.';
  }
  if ((input.decision === 'pause' || input.decision === 'terminate') && !input.reason?.trim()) {
    errors.reason = `Give a reason to ${input.decision === 'pause' ? 'pause' : 'terminate'} the pilot.`;
  }
  if (input.decision === 'gap_closure' && errors.decision === undefined) {
    Object.assign(errors, planErrors(input.planItems ?? [], ctx));
  }
  return Object.keys(errors).length === 0 ? { ok: true } : { ok: false, errors };
}

/** Field errors of one plan item, keyed by field name. */
function itemErrors(item: PlanItemInput, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!SIGNAL_IDS.includes(item.signal)) errors.signal = 'Pick the signal this action closes.';
  if (!item.action?.trim()) errors.action = 'Describe the action.';
  if (!item.ownerId?.trim()) errors.ownerId = 'Name an owner.';
  if (!item.dueDate || !isIsoDate(item.dueDate)) errors.dueDate = 'Pick a due date.';
  else if (item.dueDate < today) errors.dueDate = 'The due date is in the past.';
  if (item.investment !== undefined && !(Number.isFinite(item.investment) && item.investment >= 0)) {
    errors.investment = 'Enter an amount of 0 or more.';
  }
  return errors;
}

function planErrors(items: PlanItemInput[], ctx: DecisionContext): Record<string, string> {
  const errors: Record<string, string> = {};
  const covered = new Set<SignalId>();
  items.forEach((item, i) => {
    const fieldErrors = itemErrors(item, ctx.today);
    for (const [field, message] of Object.entries(fieldErrors)) errors[`planItems.${i}.${field}`] = message;
    if (Object.keys(fieldErrors).length === 0) covered.add(item.signal);
  });
  for (const { signal, status } of ctx.statuses) {
    if (status === 'conditional' && !covered.has(signal)) {
      errors[`plan.${signal}`] = `Add a complete plan item (action, owner, due date) for ${SIGNAL_LABELS[signal]}.`;
    }
  }
  return errors;
}
