/**
 * A decision is one write: the decision and everything its later steps need (plan items, monitoring
 * plan, stage move) land together on the review, with a pending marker. The steps (plan items stored,
 * stage moved, audit events appended) run right after it, and again from the repair job when they did
 * not finish; each step can run twice without doing its work twice.
 */
import type { MonitoringPlan } from '../pilots/pilot.types.js';
import type { DecisionFollowUp, RecordedDecision } from '../reviews/review.types.js';

/** One audit event of a decision, before the chain fields are added. */
export interface DecisionEvent {
  type: string;
  subject: string;
  before: unknown;
  after: unknown;
}

/**
 * The audit events a decision records, in chain order: the decision, each plan item, the stage move
 * (when it happened) and the monitoring plan. Derived from the stored follow-up, so a repeat derives
 * the very same events.
 */
export function decisionEvents(
  f: Pick<DecisionFollowUp, 'decision' | 'planItems' | 'stage' | 'monitoringPlan' | 'pilotName'>,
  stageMoved: boolean,
): DecisionEvent[] {
  const events: DecisionEvent[] = [
    { type: 'decision.recorded', subject: f.decision.decision, before: null, after: f.decision },
    ...f.planItems.map((item) => ({ type: 'plan_item.added', subject: item.signal, before: null, after: item })),
  ];
  if (stageMoved) events.push({ type: 'stage.changed', subject: f.pilotName, before: f.stage.from, after: f.stage.to });
  if (f.monitoringPlan) {
    events.push({ type: 'monitoring_plan.captured', subject: f.pilotName, before: null, after: f.monitoringPlan });
  }
  return events;
}

/** The pilot fields a decision's stage move sets besides the stage. */
export function stageExtra(decision: RecordedDecision, monitoringPlan?: MonitoringPlan): Record<string, unknown> {
  return monitoringPlan ? { productionAt: decision.at, monitoringPlan } : {};
}
