/**
 * The decision modal, its Details view and the decision message: pure functions of the review as stored.
 * Limits by construction: the choice, 3 summary blocks, then ≤ 5 conditional signals × 6 blocks of plan
 * fields, or 7 monitoring blocks — far below 100 blocks; every text is clipped by the block helpers.
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
  SIGNAL_SHORT,
  type SignalId,
  STAGE_LABELS,
  STATUS_EMOJI,
} from '../../core/catalog.domain.js';
import { clipWords, nameInText } from '../../core/clip-words.domain.js';
import { plural, TERMS } from '../../core/glossary.domain.js';
import {
  actions,
  button,
  clip,
  context,
  divider,
  escapeMrkdwn,
  input,
  mention,
  option,
  plain,
  section,
} from '../../slack/blocks.js';
import { fallback, notificationText, roomAfter, userRef } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import { slackDate } from '../../slack/slack-date.js';
import type { MonitoringPlan, Pilot } from '../pilots/pilot.types.js';
import type { StaleConfirmation } from '../reviews/confirmation-expiry.domain.js';
import { evidenceLink } from '../reviews/evidence.views.js';
import type { PlanItem, RecordedDecision, Review, StoredSignalStatus } from '../reviews/review.types.js';
import { OUTCOME_TEXT, type RenderedMessage } from '../reviews/review-card.views.js';
import type { EvidenceBySignal, SignalEvidence } from '../reviews/signal-evidence.domain.js';
import { describeDuration } from '../settings/duration-choice.domain.js';
import type { BusinessCaseLine } from './business-case.domain.js';
import {
  DecisionField,
  METRIC_EXAMPLES,
  METRIC_LABELS,
  MONITORED_METRICS,
  MONITORING_TASK_DAYS,
} from './decision.domain.js';

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
  /** Stale confirmations (their signals already shown pending in `review`) and the validity that made them so. */
  stale?: readonly StaleConfirmation[];
  validForMs?: number;
  /** Each signal's evidence in the answers that count; a signal missing here has none attached. */
  evidence?: Partial<EvidenceBySignal>;
}

/** Whose answers went stale, that they count as pending, and that their assessors were asked to re-confirm. */
function staleBlock(m: DecisionModalInput): KnownBlock[] {
  const stale = m.stale ?? [];
  if (stale.length === 0) return [];
  const who = stale.map((s) => `${ROLE_LABELS[s.role]} (answers from ${slackDate(s.confirmedAt)})`).join(', ');
  const age = m.validForMs ? ` older than ${describeDuration(m.validForMs)}` : '';
  return [
    context(
      `🔁 *${cap(plural(stale.length, TERMS.staleConfirmation.one, TERMS.staleConfirmation.many))}*${age}: ${who}. ` +
        `Their signals count as pending until they ${TERMS.reconfirm}; I have asked them in a DM.`,
    ),
  ];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A signal with every reason and, when its assessors are two levels apart, who disagrees (the Details view). */
function signalLine(s: StoredSignalStatus): string {
  const reasons = s.reasons.length ? `\n      ${s.reasons.map(escapeMrkdwn).join('; ')}` : '';
  const split = s.disagreement ? `\n      ⚠️ _${disagreeing(s)} disagree (confirmed vs failed)_` : '';
  return `${STATUS_EMOJI[s.status]} *${SIGNAL_LABELS[s.signal]}*: ${s.status}${reasons}${split}`;
}

const disagreeing = (s: StoredSignalStatus) => s.disagreement!.roles.map((r) => ROLE_LABELS[r]).join(' and ');

/** Cuts at a word boundary, so a text never ends mid-word ("…the spons…"). */
const clipAtWord = (text: string, max: number): string => clipWords(text, max).text;

/** One line per signal: status and the one reason that drove it, a disagreement flagged, its evidence. */
function summaryLine(s: StoredSignalStatus, evidence: readonly SignalEvidence[]): string {
  const reason = s.reasons[0] ? `: ${escapeMrkdwn(clipAtWord(s.reasons[0], SUMMARY_REASON_MAX))}` : '';
  const split = s.disagreement ? ` · ⚠️ _${disagreeing(s)} disagree_` : '';
  return `${STATUS_EMOJI[s.status]} *${SIGNAL_SHORT[s.signal]}* ${s.status}${reason}${split} · ${evidenceCount(evidence)}`;
}

/** "📎 2 · <url|Q1 KPI report>": how many items and the first; its title alone when the link is too long to fit. */
function evidenceCount(evidence: readonly SignalEvidence[]): string {
  const [first] = evidence;
  if (!first) return '📎 none';
  const linked = `📎 ${evidence.length} · ${evidenceLink(first, SUMMARY_TITLE_MAX)}`;
  return linked.length <= SUMMARY_EVIDENCE_MAX
    ? linked
    : `📎 ${evidence.length} · ${escapeMrkdwn(clipAtWord(first.title, SUMMARY_TITLE_MAX))}`;
}

const SUMMARY_REASON_MAX = 110;
const SUMMARY_TITLE_MAX = 40;
/** Five lines of reason and evidence stay well within a section's 3000 characters. */
const SUMMARY_EVIDENCE_MAX = 320;

/** Under the choice: the signals in five lines, the criteria, and *Details* for everything else. */
function summaryBlocks(pilot: Pilot, review: Review, evidence: DecisionModalInput['evidence']): KnownBlock[] {
  return [
    section(review.statuses.map((s) => summaryLine(s, evidence?.[s.signal] ?? [])).join('\n')),
    section(
      `*Kill if:* ${escapeMrkdwn(clipAtWord(pilot.killCriteria, 600))}\n` +
        `*Scale if:* ${escapeMrkdwn(clipAtWord(pilot.scaleCriteria, 600))}`,
    ),
    actions(DETAILS_BLOCK, [button('Details: every reason, KPIs, business case', Ids.decision.details, review.id)]),
  ];
}

const DETAILS_BLOCK = 'decision.details';

/** The Details view pushed from the decision modal: outcome, every reason, criteria, KPIs, business case. */
function detailBlocks(pilot: Pilot, review: Review, businessCase: BusinessCaseLine[]): KnownBlock[] {
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

/** Why nothing can be decided yet: the operational lead's answers are missing; one click reminds them. */
function cannotDecideBlocks(pilot: Pilot, review: Review): KnownBlock[] {
  const pending = review.statuses.filter((s) => s.status === 'pending').length;
  return [
    section(
      `*Nothing can be decided yet.* The operational lead (${mention(pilot.stakeholders.operational_lead)}) ` +
        'has not answered, and a review is never decided without them.',
      { accessory: button('Remind the missing people', Ids.review.remindButton, review.id, 'primary') },
    ),
    context(`${pending} of 5 signals still pending.`),
  ];
}

function choiceBlock(pilot: Pilot, review: Review, allowed: Decision[], chosen: Decision | null): InputBlock {
  const radio: RadioButtons = {
    type: 'radio_buttons',
    action_id: Ids.decision.choice,
    options: allowed.map((d) => option(DECISION_LABELS[d], d)),
  };
  if (chosen && allowed.includes(chosen)) radio.initial_option = option(DECISION_LABELS[chosen], chosen);
  const round = review.round > 1 ? ` (round ${review.round})` : '';
  return input(DecisionField.choice, `Your decision on ${pilot.name}${round}`, radio, {
    dispatchAction: true,
    hint: `Outcome: ${OUTCOME_TEXT[review.outcome]}. Only the decisions it allows are offered.`,
  });
}

const text = (placeholder: string, opts: { multiline?: boolean; max?: number } = {}): PlainTextInput => ({
  type: 'plain_text_input',
  action_id: V,
  multiline: opts.multiline ?? false,
  max_length: opts.max ?? 500,
  placeholder: plain(placeholder, 150),
});

/** Examples of a gap-closing action per signal, as placeholders. */
const ACTION_EXAMPLES: Record<SignalId, string> = {
  kpi_validation: 'e.g. Re-run the KPI test on 4 weeks of production data',
  data_infrastructure: 'e.g. Load-test the pipeline at 3× today’s volume',
  governance: 'e.g. Complete the model risk assessment with Compliance',
  user_adoption: 'e.g. Train the remaining 40 agents and track weekly use',
  operational_ownership: 'e.g. Name the run owner and on-call rota for the model',
};

/** One group per conditional signal: the gap it closes, then what, who and by when. */
function planFields(statuses: StoredSignalStatus[]): KnownBlock[] {
  const conditional = statuses.filter((s) => s.status === 'conditional');
  const blocks: KnownBlock[] = [
    context(
      `A ${TERMS.gapClosurePlan} needs one action per conditional signal (${plural(conditional.length, 'signal')}).`,
    ),
  ];
  for (const s of conditional) {
    const owner: UsersSelect = { type: 'users_select', action_id: V, placeholder: plain('Pick who delivers it') };
    const due: Datepicker = { type: 'datepicker', action_id: V, placeholder: plain('Pick the day it is done by') };
    const money: NumberInput = {
      type: 'number_input',
      action_id: V,
      is_decimal_allowed: true,
      min_value: '0',
      placeholder: plain('e.g. 25000'),
    };
    const gap = s.reasons[0] ? `\n_${escapeMrkdwn(clipAtWord(s.reasons[0], 200))}_` : '';
    const name = SIGNAL_SHORT[s.signal];
    blocks.push(
      divider(),
      section(`🟡 *${SIGNAL_LABELS[s.signal]}*${gap}`),
      input(DecisionField.planAction(s.signal), `${name}: what closes the gap`, text(ACTION_EXAMPLES[s.signal])),
      input(DecisionField.planOwner(s.signal), `${name}: owner`, owner),
      input(DecisionField.planDue(s.signal), `${name}: done by`, due),
      input(DecisionField.planInvestment(s.signal), `${name}: investment (USD)`, money, { optional: true }),
    );
  }
  return blocks;
}

/** Optional: what the sponsor leaves empty becomes the operational lead's task, with a due date. */
function monitoringFields(pilot: Pilot): KnownBlock[] {
  const deciders: MultiUsersSelect = {
    type: 'multi_users_select',
    action_id: V,
    max_selected_items: 10,
    placeholder: plain('People who decide on incidents'),
  };
  const optional = { optional: true };
  return [
    context(
      `*Monitoring plan* (optional): leave it to the operational lead (${mention(pilot.stakeholders.operational_lead)}) ` +
        `and they get it as a task due in ${plural(MONITORING_TASK_DAYS, 'day')}, or set the thresholds here.`,
    ),
    ...MONITORED_METRICS.map((m) =>
      input(
        DecisionField.threshold(m),
        `${METRIC_LABELS[m]} threshold`,
        text(METRIC_EXAMPLES[m], { max: 300 }),
        optional,
      ),
    ),
    input(DecisionField.incidentDeciders, 'Incident decision-makers', deciders, optional),
    input(
      DecisionField.incidentNotes,
      'Who decides on which kind of incident',
      text('e.g. model quality: ops lead; data outages: tech lead', { multiline: true, max: 1000 }),
      { optional: true, hint: 'Pick people above, write it here, or both.' },
    ),
  ];
}

function fieldsFor(chosen: Decision | null, pilot: Pilot, review: Review): KnownBlock[] {
  if (chosen === 'gap_closure') return planFields(review.statuses);
  if (chosen === 'proceed') return [divider(), ...monitoringFields(pilot)];
  if (chosen === 'pause' || chosen === 'terminate') {
    const label = chosen === 'pause' ? 'Why pause?' : 'Why terminate?';
    return [
      divider(),
      input(DecisionField.reason, label, text('The reason, for the record', { multiline: true, max: 2000 })),
    ];
  }
  return [];
}

/**
 * The decision modal: the choice first, then the signals in one line each, the criteria and *Details*;
 * the chosen decision's fields below. When nothing can be decided, that sentence leads, with *Remind*.
 */
export function decisionModal(m: DecisionModalInput): ModalView {
  const canDecide = m.allowed.length > 0;
  const chosen = m.chosen && m.allowed.includes(m.chosen) ? m.chosen : null;
  const summary = summaryBlocks(m.pilot, m.review, m.evidence);
  const blocks: KnownBlock[] = canDecide
    ? [
        choiceBlock(m.pilot, m.review, m.allowed, chosen),
        ...staleBlock(m),
        ...summary,
        ...fieldsFor(chosen, m.pilot, m.review),
      ]
    : [...cannotDecideBlocks(m.pilot, m.review), ...staleBlock(m), divider(), ...summary];
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

/** *Details* from the decision modal (pushed on top of it; *Back* returns with everything typed kept). */
export function decisionDetailsModal(m: Pick<DecisionModalInput, 'pilot' | 'review' | 'businessCase'>): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.decision.detailsModal,
    title: plain('Review details', 24),
    close: plain('Back', 24),
    blocks: detailBlocks(m.pilot, m.review, m.businessCase),
  };
}

/** The operational lead's DM when the monitoring plan is theirs to set: the task, its due date, *Mark done*. */
export function monitoringTaskMessage(pilot: Pilot, item: PlanItem): RenderedMessage {
  const name = escapeMrkdwn(pilot.name);
  return {
    text: fallback`Set the monitoring plan for ${pilot.name} by ${item.dueDate}: it is going to production.`,
    blocks: [
      section(
        `*Set the monitoring plan for ${name}* (<#${pilot.channelId}>) by ${slackDate(item.dueDate)}. ` +
          'The sponsor decided to proceed to production and left the thresholds to you.',
      ),
      section(escapeMrkdwn(clip(item.action, 2500)), {
        accessory: button('Mark done', Ids.plan.markDone, item.id, 'primary'),
      }),
    ],
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

function monitoringLines(plan: MonitoringPlan, task: PlanItem | undefined): string {
  const metrics = plan.metrics.map((x) => {
    const label = METRIC_LABELS[x.metric as keyof typeof METRIC_LABELS] ?? x.metric;
    return `• ${label}: ${escapeMrkdwn(clip(x.threshold, 300))}`;
  });
  const incidents = plan.incidentOwners ? [`*Incidents:* ${clip(plan.incidentOwners, 1000)}`] : [];
  const rest = task ? [`${mention(task.ownerId)} sets the rest by ${slackDate(task.dueDate)}.`] : [];
  return [...metrics, ...incidents, ...rest].join('\n');
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
  // A proceed's only plan item is the operational lead's monitoring task, shown with the monitoring plan.
  const task = d.decision === 'proceed' ? input.planItems?.[0] : undefined;
  if (input.planItems?.length && !task) blocks.push(section(`*Gap-closure plan:*\n${planLines(input.planItems)}`));
  if (input.monitoringPlan) blocks.push(section(`*Monitoring plan:*\n${monitoringLines(input.monitoringPlan, task)}`));
  return { text: decisionText(pilot.name, d), blocks };
}

/** The notification: the decision first, who recorded it, then as much of the reason as fits (the blocks hold it all). */
function decisionText(pilotName: string, d: RecordedDecision): string {
  // The fallback is mrkdwn too: escape what people typed so a name like <!channel> never pings.
  const head = fallback`Decision for ${nameInText(pilotName)}: ${DECISION_LABELS[d.decision]}, recorded by ${userRef(d.by)}.`;
  const room = roomAfter(head) - ' Reason: '.length;
  const reason = d.reason && room >= REASON_MIN ? fallback` Reason: ${clipWords(d.reason, room).text}` : null;
  return notificationText(head, reason);
}

/** Fewer characters than this of a reason say nothing; the blocks show it whole. */
const REASON_MIN = 12;

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

/** The words posted with the decision record's PDF in the card's thread: what it is and how to check it. */
export function decisionRecordComment(pilotName: string, sha256: string): string {
  return `Decision record of ${pilotName} (SHA-256 ${sha256.slice(0, 12)}…, in the audit trail).`;
}
