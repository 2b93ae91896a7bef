/**
 * The decision modal's rules that need neither Slack nor the database: who may decide, the field
 * (block) ids, the monitoring plan captured at `proceed`, and mapping validation errors onto fields.
 */

import type { Decision, SignalId } from '../../core/catalog.domain.js';
import { fallbackPart, joinParts } from '../../slack/fallback-text.js';
import { DecisionField } from '../../slack/ids.js';
import type { MonitoringPlan } from '../pilots/pilot.types.js';
import type { PlanItemInput } from '../reviews/outcome.domain.js';

/** Metrics of the monitoring plan a pilot enters production with on `proceed`, each with a threshold. */
export const MONITORED_METRICS = [
  'model_output_quality',
  'user_adoption_rate',
  'data_pipeline_reliability',
  'escalation_volume',
] as const;
export type MonitoredMetric = (typeof MONITORED_METRICS)[number];

export const METRIC_LABELS: Record<MonitoredMetric, string> = {
  model_output_quality: 'Model output quality',
  user_adoption_rate: 'User adoption rate',
  data_pipeline_reliability: 'Data pipeline reliability',
  escalation_volume: 'Escalation volume',
};

/** Examples of a threshold per metric: the modal's placeholders and the operational lead's task. */
export const METRIC_EXAMPLES: Record<MonitoredMetric, string> = {
  model_output_quality: 'e.g. accuracy below 92% on the weekly sample',
  user_adoption_rate: 'e.g. under 60% of trained users active weekly',
  data_pipeline_reliability: 'e.g. more than 2 failed loads a week',
  escalation_volume: 'e.g. over 30 escalations a week',
};

/** Days the operational lead has to set the monitoring plan the sponsor left to them. */
export const MONITORING_TASK_DAYS = 14;

/** The signal the monitoring task is filed under: running the model in production is the ops lead's. */
export const MONITORING_TASK_SIGNAL: SignalId = 'operational_ownership';

/** Its block ids live with every other Slack id in slack/ids.ts; re-exported for the rules that key errors by them. */
export { DecisionField };

/** The monitoring plan as typed in the modal. */
export interface MonitoringDraft {
  thresholds: Partial<Record<MonitoredMetric, string>>;
  incidentDeciders: string[];
  incidentNotes: string;
}

/** Everything the decision modal can hold, read from view.state.values. */
export interface DecisionDraft {
  decision: Decision | null;
  reason: string;
  /** One item per conditional signal, in signal order (empty fields stay empty strings). */
  planItems: PlanItemInput[];
  monitoring: MonitoringDraft;
}

/**
 * What may still be decided once a round already has its decision: pause and terminate are allowed
 * at any time (say, during gap closure), but never the same decision twice, and nothing after terminate.
 */
export function laterDecisions(last: Decision | undefined): Decision[] {
  if (last === 'terminate') return [];
  if (last === 'pause') return ['terminate'];
  return ['pause', 'terminate'];
}

/** Only the executive sponsor of the pilot or a workspace gate admin records a decision. */
export function mayDecide(sponsorId: string, userId: string, isGateAdmin: boolean): boolean {
  return userId === sponsorId || isGateAdmin;
}

const FIELD_OF: Record<string, (s: SignalId) => string> = {
  signal: DecisionField.planAction,
  action: DecisionField.planAction,
  ownerId: DecisionField.planOwner,
  dueDate: DecisionField.planDue,
  investment: DecisionField.planInvestment,
};

/**
 * Maps `validateDecision` errors (`decision`, `reason`, `plan.<signal>`, `planItems.<i>.<field>`) onto
 * the modal's block ids. `planSignals[i]` is the signal of plan item i. A signal-level error lands on
 * the action field unless a field of that item already carries a more precise message.
 */
export function errorsToFields(
  errors: Record<string, string>,
  planSignals: readonly SignalId[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const item = /^planItems\.(\d+)\.(\w+)$/.exec(key);
    const signal = item ? planSignals[Number(item[1])] : undefined;
    if (key === 'decision') out[DecisionField.choice] = message;
    else if (key === 'reason') out[DecisionField.reason] = message;
    else if (item && signal) out[(FIELD_OF[item[2]!] ?? DecisionField.planAction)(signal)] = message;
  }
  for (const [key, message] of Object.entries(errors)) {
    const signal = /^plan\.(\w+)$/.exec(key)?.[1] as SignalId | undefined;
    if (!signal) continue;
    const hasFieldError = Object.values(FIELD_OF).some((f) => out[f(signal)] !== undefined);
    if (!hasFieldError) out[DecisionField.planAction(signal)] = message;
  }
  return out;
}

/**
 * What the sponsor left out of the monitoring plan of a `proceed`: a threshold for every metric and who
 * decides on incidents. Nothing is required of the sponsor: what is missing becomes the operational lead's task.
 */
export function validateMonitoring(draft: MonitoringDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const metric of MONITORED_METRICS) {
    if (!draft.thresholds[metric]?.trim()) {
      errors[DecisionField.threshold(metric)] =
        `Set the threshold for ${METRIC_LABELS[metric].toLowerCase()} that should trigger a review.`;
    }
  }
  if (draft.incidentDeciders.length === 0 && !draft.incidentNotes.trim()) {
    errors[DecisionField.incidentDeciders] = 'Name who decides on incidents (pick people, or write it below).';
  }
  return errors;
}

/** The calendar day `days` after `day` (both YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The operational lead's plan item for a monitoring plan the sponsor did not complete: what is missing,
 * pre-filled with examples, due MONITORING_TASK_DAYS after the sponsor's `today`. Null when complete.
 */
export function monitoringTask(draft: MonitoringDraft, opsLeadId: string, today: string): PlanItemInput | null {
  const missing = MONITORED_METRICS.filter((m) => !draft.thresholds[m]?.trim());
  const noDeciders = draft.incidentDeciders.length === 0 && !draft.incidentNotes.trim();
  if (missing.length === 0 && !noDeciders) return null;
  const metrics = missing.map((m) => `${METRIC_LABELS[m]} (${METRIC_EXAMPLES[m]})`);
  const parts = [
    ...(metrics.length ? [`the threshold that triggers a review for ${metrics.join('; ')}`] : []),
    ...(noDeciders
      ? ['who decides on which kind of incident (e.g. model quality: ops lead; data outages: tech lead)']
      : []),
  ];
  return {
    signal: MONITORING_TASK_SIGNAL,
    action: `Set the production monitoring plan: ${parts.join('; and ')}. Post it in the pilot's channel.`,
    ownerId: opsLeadId,
    dueDate: addDays(today, MONITORING_TASK_DAYS),
  };
}

/** What is stored on the pilot: the thresholds set so far and, in words, who decides on incidents. */
export function monitoringPlanOf(draft: MonitoringDraft, by: string, now: Date): MonitoringPlan {
  const people = draft.incidentDeciders.map((u) => `<@${u}>`).join(', ');
  const notes = draft.incidentNotes.trim();
  return {
    metrics: MONITORED_METRICS.map((m) => ({ metric: m, threshold: (draft.thresholds[m] ?? '').trim() })).filter(
      (x) => x.threshold !== '',
    ),
    incidentOwners: [people && `Decision-makers: ${people}`, notes].filter(Boolean).join('. '),
    capturedAt: now,
    capturedBy: by,
  };
}

/** A pilot as the `/gate decide` lookup needs it. */
export interface DecidablePilot {
  id: string;
  name: string;
  undecided: boolean;
}

export type DecideTarget = { pilotId: string } | { usage: string };

/**
 * Which pilot `/gate decide` means when no name is given: the channel's only undecided pilot;
 * otherwise usage listing the channel's pilots.
 */
export function pickPilotToDecide(channelPilots: readonly DecidablePilot[]): DecideTarget {
  const open = channelPilots.filter((p) => p.undecided);
  if (open.length === 1) return { pilotId: open[0]!.id };
  // The usage is shown as mrkdwn: names escaped, so a pilot named <!channel> pings nobody.
  const names = channelPilots.slice(0, 20).map((p) => fallbackPart`• ${p.name}${p.undecided ? '' : ' (decided)'}`);
  if (channelPilots.length === 0) {
    return { usage: 'No pilot is registered in this channel. Usage: `/gate decide [pilot name]`.' };
  }
  const why = open.length === 0 ? 'No pilot in this channel is waiting for a decision.' : 'Say which pilot to decide.';
  const list = joinParts(names, '\n').text;
  return { usage: `${why} Usage: \`/gate decide [pilot name]\`. Pilots in this channel:\n${list}` };
}
