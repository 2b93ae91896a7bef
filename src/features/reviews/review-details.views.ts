/**
 * The card's Details modal (read-only but for *Change roles*): each signal with its status, every reason, who assessed what and
 * the evidence attached; the pilot's KPIs, kill and scale criteria; the production business case. Pure.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import { ROLE_IDS, ROLE_LABELS, SIGNAL_LABELS, STAGE_LABELS, STATUS_EMOJI } from '../../core/catalog.domain.js';
import type { SignalStatusView } from '../../core/signal-status.domain.js';
import {
  actions,
  button,
  clip,
  context,
  divider,
  escapeMrkdwn,
  header,
  mention,
  plain,
  section,
} from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { evidenceLines } from './evidence.views.js';
import { OUTCOME_TEXT } from './review-card.views.js';
import type { ReviewDetails } from './review-details.domain.js';
import { answerText } from './review-details.domain.js';
import type { SignalEvidence } from './signal-evidence.domain.js';

const WORD = { confirmed: 'Confirmed', conditional: 'Conditional', failed: 'Failed', pending: 'Pending' } as const;

/** The most of a signal's section its evidence takes; the status, reasons and assessors keep the rest. */
const EVIDENCE_ROOM = 1800;

/** The signal's evidence under its assessors; "none" only where someone could have attached it. */
function evidenceText(s: SignalStatusView, items: readonly SignalEvidence[]): string {
  if (items.length > 0) return `_Evidence:_\n${evidenceLines(items, EVIDENCE_ROOM - '_Evidence:_\n'.length)}`;
  const hasAssessors = s.assessments.length + s.awaiting.length > 0;
  return hasAssessors ? '_No evidence attached_' : '';
}

function signalSection(
  s: SignalStatusView,
  items: readonly SignalEvidence[],
  holder: (role: (typeof ROLE_IDS)[number]) => string,
): KnownBlock {
  const reasons = s.reasons.map((r) => `• ${escapeMrkdwn(r)}`).join('\n');
  const assessed = s.assessments.map((a) => `${ROLE_LABELS[a.role]} (${holder(a.role)}): ${WORD[a.value]}`);
  const awaited = s.awaiting.map((r) => `${ROLE_LABELS[r]} (${holder(r)})`);
  const lines = [
    `${STATUS_EMOJI[s.status]} *${SIGNAL_LABELS[s.signal]}*: ${WORD[s.status]}`,
    ...(s.disagreement ? ['⚠️ _Assessors disagree (Confirmed vs Failed)_'] : []),
    reasons,
    `_Assessed by:_ ${assessed.join('; ') || 'nobody yet'}`,
    ...(awaited.length ? [`_Awaiting:_ ${awaited.join('; ')}`] : []),
  ].filter((l) => l !== '');
  const evidence = evidenceText(s, items);
  // The evidence is never clipped (a cut link shows as raw text): the lines above give way to it.
  const head = clip(lines.join('\n'), 3000 - (evidence ? evidence.length + 1 : 0));
  return section(evidence ? `${head}\n${evidence}` : head);
}

/** The Details modal of a review; ≤ 40 blocks whatever the manifests hold (business case capped). */
export function reviewDetailsModal(d: ReviewDetails): ModalView {
  const { pilot, review } = d;
  const holder = (role: (typeof ROLE_IDS)[number]) => mention(pilot.stakeholders[role]);
  const kpis = pilot.kpis.map(
    (k) => `• ${escapeMrkdwn(k.name)}: ${escapeMrkdwn(k.baseline)} → ${escapeMrkdwn(k.target)}`,
  );
  const businessCase = d.businessCase
    .slice(0, 16)
    .map((b) =>
      section(
        clip(
          `*${escapeMrkdwn(b.question.label)}* — ${ROLE_LABELS[b.role]}\n${escapeMrkdwn(answerText(b.question, b.value, mention))}`,
          3000,
        ),
      ),
    );
  const blocks: KnownBlock[] = [
    header(pilot.name),
    section(
      `*Stage:* ${STAGE_LABELS[pilot.stage]} · Round ${review.round}\n*Outcome:* ${OUTCOME_TEXT[review.outcome]}\n` +
        `*Use case:* ${escapeMrkdwn(pilot.useCase || '—')} · *Business unit:* ${escapeMrkdwn(pilot.businessUnit || '—')}`,
    ),
    // The flags whole: Home and the digest show their first sentence and send here for the rest.
    ...(pilot.flags.length > 0
      ? [section(clip(pilot.flags.map((f) => `🚩 ${escapeMrkdwn(f.detail)}`).join('\n'), 3000))]
      : []),
    header('Signals'),
    ...d.signals.map((s) => signalSection(s, d.evidence?.[s.signal] ?? [], holder)),
    divider(),
    header('KPIs'),
    section(clip(kpis.join('\n') || 'No KPIs recorded.', 3000)),
    context(`Planned KPI validation: ${escapeMrkdwn(pilot.plannedKpiValidationDate)}`),
    header('Kill and scale criteria'),
    section(clip(`*Kill:* ${escapeMrkdwn(pilot.killCriteria || '—')}`, 3000)),
    section(clip(`*Scale:* ${escapeMrkdwn(pilot.scaleCriteria || '—')}`, 3000)),
    header('Production business case'),
    ...(businessCase.length ? businessCase : [section('_No business-case questions in this review._')]),
    context(`Roles: ${ROLE_IDS.map((r) => `${ROLE_LABELS[r]} ${holder(r)}`).join(' · ')}`),
    // Shown to everyone: whoever may not change the roles is told who can.
    actions(`review.details.roles.${review.id}`, [button('Change roles', Ids.review.changeRolesButton, review.id)]),
  ];
  return {
    type: 'modal',
    callback_id: Ids.review.detailsModal,
    title: plain('Review details', 24),
    close: plain('Close', 24),
    blocks,
  };
}
