import type { KnownBlock } from '@slack/types';
import {
  DECISION_LABELS,
  ROLE_IDS,
  ROLE_LABELS,
  type RoleId,
  SIGNAL_LABELS,
  STAGE_LABELS,
  STATUS_EMOJI,
} from '../../core/catalog.domain.js';
import { actions, button, context, escapeMrkdwn, header, mention, section } from '../../slack/blocks.js';
import { fallback } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { OUTCOME_LABELS } from './outcome.domain.js';
import type { PlanItem, Review, StoredSignalStatus } from './review.types.js';

/** The outcome in words; one wording everywhere (card, Details, decision modal, digest). */
export const OUTCOME_TEXT = OUTCOME_LABELS;

export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

/** One line per signal: emoji, name, first reason; the grid of the card, digest and Home. */
export function signalLines(statuses: StoredSignalStatus[]): string[] {
  return statuses.map((s) => {
    const reason = s.reasons[0] ? ` — ${escapeMrkdwn(s.reasons[0])}` : '';
    const split = s.disagreement ? ' ⚠️ _assessors disagree_' : '';
    return `${STATUS_EMOJI[s.status]} *${SIGNAL_LABELS[s.signal]}*${reason}${split}`;
  });
}

/** Compact grid such as 🟢🟡⚪⚪🔴 for lists. */
export const signalGrid = (statuses: StoredSignalStatus[]): string =>
  statuses.map((s) => STATUS_EMOJI[s.status]).join('');

function whoLines(pilot: Pilot, review: Review): { answered: string; awaiting: string } {
  const fmt = (user: string, roles: RoleId[]) => `${mention(user)} (${roles.map((r) => ROLE_LABELS[r]).join(', ')})`;
  const answered: string[] = [];
  const awaiting: string[] = [];
  for (const role of ROLE_IDS) {
    const done = review.answeredRoles.includes(role);
    (done ? answered : awaiting).push(fmt(pilot.stakeholders[role], [role]));
  }
  return { answered: answered.join(', ') || 'nobody yet', awaiting: awaiting.join(', ') || 'nobody' };
}

/** The review card posted in the pilot's channel and updated in place on every change. */
export function reviewCard(pilot: Pilot, review: Review, planItems: PlanItem[] = []): RenderedMessage {
  const last = review.decisions.at(-1);
  const who = whoLines(pilot, review);
  const roundNote = review.round > 1 ? ` · Round ${review.round}` : '';
  const blocks: KnownBlock[] = [
    header(`Gate review: ${pilot.name}`),
    section(
      `*Stage:* ${STAGE_LABELS[pilot.stage]}${roundNote}\n*Outcome:* ${OUTCOME_TEXT[review.outcome]}` +
        (last ? `\n*Decision:* ${DECISION_LABELS[last.decision]} by ${mention(last.by)}` : '') +
        (last?.stageKept ? ` (not carried out: the pilot stayed ${STAGE_LABELS[last.stageKept]})` : '') +
        (last && last.round < review.round ? ` (round ${last.round}; round ${review.round} is under way)` : ''),
    ),
    section(signalLines(review.statuses).join('\n')),
    context(`✅ Answered: ${who.answered}`),
    context(`⏳ Awaiting: ${who.awaiting}`),
  ];
  const open = planItems.filter((p) => !p.doneAt);
  if (planItems.length > 0) {
    blocks.push(context(`📋 Gap-closure plan: ${planItems.length - open.length}/${planItems.length} items done`));
  }
  if (pilot.flags.length > 0) blocks.push(context(pilot.flags.map((f) => `🚩 ${escapeMrkdwn(f.detail)}`).join('\n')));
  const closed = pilot.stage === 'terminated';
  if (!closed) {
    blocks.push(
      actions(`review.card.${review.id}`, [
        button('Answer my questions', Ids.review.answerButton, review.id, 'primary'),
        button('Record decision', Ids.review.decideButton, review.id),
        button('Details', Ids.review.detailsButton, review.id),
        ...(planItems.length > 0 ? [button('Plan', Ids.plan.openButton, review.id)] : []),
      ]),
    );
  }
  const counted = review.statuses.filter((s) => s.status !== 'pending').length;
  const text =
    fallback`Gate review for ${pilot.name}: ${OUTCOME_TEXT[review.outcome]}. ` +
    // Mobile notifications show only this text, so it carries the decision and stage too.
    (last?.round === review.round
      ? fallback`Decision: ${DECISION_LABELS[last.decision]}; stage: ${STAGE_LABELS[pilot.stage]}. `
      : review.round > 1
        ? fallback`Round ${review.round} (re-review); stage: ${STAGE_LABELS[pilot.stage]}. `
        : '') +
    fallback`${counted}/5 signals assessed. ` +
    fallback`${review.statuses.map((s) => `${SIGNAL_LABELS[s.signal]}: ${s.status}`).join('; ')}.`;
  return { text, blocks };
}
