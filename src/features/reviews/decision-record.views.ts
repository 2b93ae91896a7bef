/**
 * *View decision* on the review card: the recorded decision, its rationale, its conditions (the
 * gap-closure plan, the monitoring plan), who decided and when. Read-only and pure.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import { DECISION_LABELS, SIGNAL_SHORT } from '../../core/catalog.domain.js';
import { clipWords } from '../../core/clip-words.domain.js';
import { TERMS } from '../../core/glossary.domain.js';
import { context, escapeMrkdwn, mention, plain, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { slackDate } from '../../slack/slack-date.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { PlanItem, RecordedDecision } from './review.types.js';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Slack's modal holds 100 blocks; the plan shows this many items and says how many more. */
const MAX_ITEMS = 20;

function conditions(pilot: Pilot, decision: RecordedDecision, planItems: PlanItem[]): KnownBlock[] {
  const items = planItems.filter((p) => p.round === decision.round);
  const out: KnownBlock[] = [];
  if (items.length > 0) {
    const lines = items.slice(0, MAX_ITEMS).map((p) => {
      const done = p.doneAt ? '✅' : '☐';
      return `${done} *${SIGNAL_SHORT[p.signal]}:* ${escapeMrkdwn(clipWords(p.action, 200).text)} · ${mention(p.ownerId)} · due ${slackDate(p.dueDate)}`;
    });
    const more = items.length > MAX_ITEMS ? `\n…and ${items.length - MAX_ITEMS} more in *View plan*` : '';
    out.push(section(`*Conditions: the ${TERMS.gapClosurePlan}*\n${lines.join('\n')}${more}`));
  }
  const plan = pilot.monitoringPlan;
  if (decision.decision === 'proceed' && plan) {
    const metrics = plan.metrics.map((m) => `• ${escapeMrkdwn(m.metric)}: ${escapeMrkdwn(m.threshold)}`).join('\n');
    out.push(
      section(`*Conditions: the monitoring plan*\n${metrics}\n*Incident owners:* ${escapeMrkdwn(plan.incidentOwners)}`),
    );
  }
  return out;
}

/** The modal of the decision recorded last (`decision`), for `pilot`. */
export function decisionRecordModal(pilot: Pilot, decision: RecordedDecision, planItems: PlanItem[]): ModalView {
  const blocks: KnownBlock[] = [
    section(`*${DECISION_LABELS[decision.decision]}* for *${escapeMrkdwn(clipWords(pilot.name, 120).text)}*`),
    context(
      `Decided by ${mention(decision.by)}, ${slackDate(decision.at, 'dayAndTime')}` +
        (decision.round > 1 ? ` · round ${decision.round}` : ''),
    ),
    section(`*Rationale*\n${decision.reason ? escapeMrkdwn(decision.reason) : '_No rationale was recorded._'}`),
    ...conditions(pilot, decision, planItems),
  ];
  if (decision.stageKept) {
    blocks.push(context(`Not carried out: the pilot stayed in its stage after another change landed first.`));
  }
  return {
    type: 'modal',
    callback_id: Ids.review.decisionModal,
    title: plain(cap(TERMS.decision), 24),
    close: plain('Close'),
    blocks,
  };
}
