/**
 * The decision modal and the decision message: pure functions of the review as stored.
 * Limits by construction: ≤ 5 + 5 + 1 + 2 context sections, ≤ 5 conditional signals × 5 blocks of plan
 * fields, or 6 monitoring inputs — far below 100 blocks; every text is clipped by the block helpers.
 */
import type {
  Datepicker,
  InputBlock,
  KnownBlock,
  ModalView,
  MultiUsersSelect,
  NumberInput,
  PlainTextInput,
  RadioButtons,
  UsersSelect,
} from '@slack/types';
import {
  DECISION_LABELS,
  type Decision,
  ROLE_LABELS,
  SIGNAL_LABELS,
  STAGE_LABELS,
  STATUS_EMOJI,
} from '../../core/catalog.domain.js';
import { clip, context, divider, escapeMrkdwn, input, mention, option, plain, section } from '../../slack/blocks.js';
import { fallback, fallbackPart } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import type { MonitoringPlan, Pilot } from '../pilots/pilot.types.js';
import type { PlanItem, RecordedDecision, Review, StoredSignalStatus } from '../reviews/review.types.js';
import { OUTCOME_TEXT, type RenderedMessage } from '../reviews/review-card.views.js';
import type { BusinessCaseLine } from './business-case.domain.js';
import { DecisionField, METRIC_LABELS, MONITORED_METRICS } from './decision.domain.js';

const V = Ids.input;

export interface DecisionModalInput {
  pilot: Pilot;
  review: Review;
  /** Decisions the rules allow now; empty → the modal explains why and offers no submit. */
  allowed: Decision[];
  /** The decision picked in the radio, which decides the fields shown. */
  chosen: Decision | null;
  businessCase: BusinessCaseLine[];
  /** Opaque private_metadata (reviewId + round). */
  metadata: string;
}

/** A signal with every reason and, when its assessors are two levels apart, who disagrees. */
function signalLine(s: StoredSignalStatus): string {
  const reasons = s.reasons.length ? `\n      ${s.reasons.map(escapeMrkdwn).join('; ')}` : '';
  const split = s.disagreement
    ? `\n      ⚠️ _${s.disagreement.roles.map((r) => ROLE_LABELS[r]).join(' and ')} disagree (confirmed vs failed)_`
    : '';
  return `${STATUS_EMOJI[s.status]} *${SIGNAL_LABELS[s.signal]}*: ${s.status}${reasons}${split}`;
}

/** What the sponsor reads before deciding: outcome, signals, criteria, KPIs, business case. */
function contextBlocks(pilot: Pilot, review: Review, businessCase: BusinessCaseLine[]): KnownBlock[] {
  const round = review.round > 1 ? ` · Round ${review.round}` : '';
  const blocks: KnownBlock[] = [
    section(
      `*${escapeMrkdwn(pilot.name)}* · ${STAGE_LABELS[pilot.stage]}${round}\n*Outcome:* ${OUTCOME_TEXT[review.outcome]}`,
    ),
    section(review.statuses.map(signalLine).join('\n')),
    section(
      `*Kill criteria:* ${escapeMrkdwn(clip(pilot.killCriteria, 1200))}\n` +
        `*Scale criteria:* ${escapeMrkdwn(clip(pilot.scaleCriteria, 1200))}`,
    ),
  ];
  if (pilot.kpis.length > 0) {
    const kpis = pilot.kpis.map((k) => `• ${escapeMrkdwn(`${k.name}: ${k.baseline} → ${k.target}`)}`);
    blocks.push(section(`*KPIs (baseline → target):*\n${kpis.join('\n')}`));
  }
  for (const role of ['operational_lead', 'executive_sponsor'] as const) {
    const lines = businessCase.filter((l) => l.role === role);
    if (lines.length === 0) continue;
    const body = lines.map((l) => `• ${escapeMrkdwn(clip(l.label, 150))}: ${escapeMrkdwn(clip(l.value, 400))}`);
    blocks.push(section(`*Business case — ${ROLE_LABELS[role]}:*\n${body.join('\n')}`));
  }
  return blocks;
}

/** Why nothing can be decided yet: the operational lead's answers are missing. */
function cannotDecideBlocks(pilot: Pilot, review: Review): KnownBlock[] {
  const awaiting = review.statuses.filter((s) => s.status === 'pending').length;
  return [
    section(
      `*Nothing can be decided yet.* The operational lead (${mention(pilot.stakeholders.operational_lead)}) ` +
        'has not answered, and a review is never decided without them.',
    ),
    context(
      `${awaiting}/5 signals are still pending. Use \`/gate remind ${pilot.name}\` to nudge whoever owes answers.`,
    ),
  ];
}

function choiceBlock(allowed: Decision[], chosen: Decision | null): InputBlock {
  const radio: RadioButtons = {
    type: 'radio_buttons',
    action_id: Ids.decision.choice,
    options: allowed.map((d) => option(DECISION_LABELS[d], d)),
  };
  if (chosen && allowed.includes(chosen)) radio.initial_option = option(DECISION_LABELS[chosen], chosen);
  return input(DecisionField.choice, 'Decision', radio, {
    dispatchAction: true,
    hint: 'Only the decisions the review’s outcome allows are offered.',
  });
}

const text = (placeholder: string, opts: { multiline?: boolean; max?: number } = {}): PlainTextInput => ({
  type: 'plain_text_input',
  action_id: V,
  multiline: opts.multiline ?? false,
  max_length: opts.max ?? 500,
  placeholder: plain(placeholder, 150),
});

function planFields(statuses: StoredSignalStatus[]): KnownBlock[] {
  const conditional = statuses.filter((s) => s.status === 'conditional');
  const blocks: KnownBlock[] = [
    context('A gap-closure plan needs one action per conditional signal: what, who owns it, by when.'),
  ];
  for (const s of conditional) {
    const owner: UsersSelect = { type: 'users_select', action_id: V, placeholder: plain('Owner') };
    const due: Datepicker = { type: 'datepicker', action_id: V, placeholder: plain('Due date') };
    const money: NumberInput = { type: 'number_input', action_id: V, is_decimal_allowed: true, min_value: '0' };
    blocks.push(
      section(`🟡 *${SIGNAL_LABELS[s.signal]}*${s.reasons[0] ? ` — ${escapeMrkdwn(s.reasons.join('; '))}` : ''}`),
      input(DecisionField.planAction(s.signal), 'Action', text('What will close the gap')),
      input(DecisionField.planOwner(s.signal), 'Owner', owner),
      input(DecisionField.planDue(s.signal), 'Due date', due),
      input(DecisionField.planInvestment(s.signal), 'Investment (USD)', money, { optional: true }),
    );
  }
  return blocks;
}

const THRESHOLD_EXAMPLES: Record<(typeof MONITORED_METRICS)[number], string> = {
  model_output_quality: 'e.g. accuracy below 92% on the weekly sample',
  user_adoption_rate: 'e.g. under 60% of trained users active weekly',
  data_pipeline_reliability: 'e.g. more than 2 failed loads a week',
  escalation_volume: 'e.g. over 30 escalations a week',
};

function monitoringFields(): KnownBlock[] {
  const deciders: MultiUsersSelect = {
    type: 'multi_users_select',
    action_id: V,
    max_selected_items: 10,
    placeholder: plain('People who decide on incidents'),
  };
  return [
    context('*Monitoring plan* for production: the threshold that triggers a review for each metric.'),
    ...MONITORED_METRICS.map((m) =>
      input(DecisionField.threshold(m), `${METRIC_LABELS[m]} threshold`, text(THRESHOLD_EXAMPLES[m], { max: 300 })),
    ),
    input(DecisionField.incidentDeciders, 'Incident decision-makers', deciders, { optional: true }),
    input(
      DecisionField.incidentNotes,
      'Who decides on which kind of incident',
      text('e.g. model quality: ops lead; data outages: tech lead', { multiline: true, max: 1000 }),
      { optional: true, hint: 'Pick people above, write it here, or both.' },
    ),
  ];
}

function fieldsFor(chosen: Decision | null, review: Review): KnownBlock[] {
  if (chosen === 'gap_closure') return planFields(review.statuses);
  if (chosen === 'proceed') return monitoringFields();
  if (chosen === 'pause' || chosen === 'terminate') {
    const label = chosen === 'pause' ? 'Why pause?' : 'Why terminate?';
    return [input(DecisionField.reason, label, text('The reason, for the record', { multiline: true, max: 2000 }))];
  }
  return [];
}

/** The decision modal: the review beside the criteria, and only the decisions allowed. */
export function decisionModal(m: DecisionModalInput): ModalView {
  const canDecide = m.allowed.length > 0;
  const chosen = m.chosen && m.allowed.includes(m.chosen) ? m.chosen : null;
  const blocks: KnownBlock[] = [...contextBlocks(m.pilot, m.review, m.businessCase), divider()];
  if (canDecide) blocks.push(choiceBlock(m.allowed, chosen), ...fieldsFor(chosen, m.review));
  else blocks.push(...cannotDecideBlocks(m.pilot, m.review));
  return {
    type: 'modal',
    callback_id: Ids.decision.modal,
    title: plain('Record decision', 24),
    close: plain(canDecide ? 'Cancel' : 'Close', 24),
    ...(canDecide ? { submit: plain('Record decision', 24) } : {}),
    private_metadata: m.metadata,
    blocks,
  };
}

const DECISION_EMOJI: Record<Decision, string> = { proceed: '🚀', gap_closure: '🛠️', pause: '⏸️', terminate: '🛑' };

function planLines(items: PlanItem[]): string {
  return items
    .map((i) => {
      const money = i.investment !== undefined ? `, ${i.investment.toLocaleString('en-US')} USD` : '';
      return `• ${SIGNAL_LABELS[i.signal]}: ${escapeMrkdwn(clip(i.action, 300))} — ${mention(i.ownerId)}, due ${i.dueDate}${money}`;
    })
    .join('\n');
}

function monitoringLines(plan: MonitoringPlan): string {
  const metrics = plan.metrics.map((x) => {
    const label = METRIC_LABELS[x.metric as keyof typeof METRIC_LABELS] ?? x.metric;
    return `• ${label}: ${escapeMrkdwn(clip(x.threshold, 300))}`;
  });
  return `${metrics.join('\n')}\n*Incidents:* ${clip(plan.incidentOwners, 1000)}`;
}

/** The decision as posted in the pilot's channel (threaded on the card when there is one). */
export function decisionMessage(input: {
  pilot: Pilot;
  decision: RecordedDecision;
  planItems?: PlanItem[];
  monitoringPlan?: MonitoringPlan;
}): RenderedMessage {
  const { pilot, decision: d } = input;
  const label = DECISION_LABELS[d.decision];
  const blocks: KnownBlock[] = [
    section(
      `${DECISION_EMOJI[d.decision]} *Decision for ${escapeMrkdwn(pilot.name)}: ${label}*\n` +
        `Recorded by ${mention(d.by)} (round ${d.round}). Stage: ${STAGE_LABELS[pilot.stage]}.` +
        (d.stageKept ? ' The stage did not move: another change to it landed first.' : ''),
    ),
  ];
  if (d.reason) blocks.push(section(`*Reason:* ${escapeMrkdwn(clip(d.reason, 2000))}`));
  if (input.planItems?.length) blocks.push(section(`*Gap-closure plan:*\n${planLines(input.planItems)}`));
  if (input.monitoringPlan) blocks.push(section(`*Monitoring plan:*\n${monitoringLines(input.monitoringPlan)}`));
  // The fallback is mrkdwn too: escape what people typed so a name like <!channel> never pings.
  const extra = d.reason ? fallbackPart` Reason: ${clip(d.reason, 300)}` : '';
  return { text: fallback`Decision for ${pilot.name}: ${label}, recorded by the sponsor.${extra}`, blocks };
}

/** Words for someone who may not decide: who can. */
export function refusalText(pilot: Pilot): string {
  return (
    `Only the executive sponsor of *${escapeMrkdwn(pilot.name)}* (${mention(pilot.stakeholders.executive_sponsor)}) ` +
    'or a workspace gate admin can record its decision.'
  );
}

/** Words for a round that already has its decision. */
export function alreadyDecidedText(pilot: Pilot, d: RecordedDecision | undefined): string {
  const what = d ? `${DECISION_LABELS[d.decision]} (by ${mention(d.by)})` : 'a decision';
  const next =
    d?.decision === 'gap_closure' ? ' The next decision comes after the re-review, once every plan item is done.' : '';
  return `A decision is already recorded for *${escapeMrkdwn(pilot.name)}* in this round: ${what}.${next}`;
}
