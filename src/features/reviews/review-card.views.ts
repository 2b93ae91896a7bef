import type { Button, KnownBlock } from '@slack/types';
import {
  DECISION_LABELS,
  ROLE_IDS,
  ROLE_LABELS,
  type RoleId,
  SIGNAL_IDS,
  SIGNAL_LABELS,
  SIGNAL_SHORT,
  STAGE_LABELS,
  STATUS_EMOJI,
} from '../../core/catalog.domain.js';
import { clipWords } from '../../core/clip-words.domain.js';
import { count, ROLE_SHORT, TERMS } from '../../core/glossary.domain.js';
import { actions, button, context, escapeMrkdwn, header, mention, section } from '../../slack/blocks.js';
import { fallback, fallbackPart } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import { slackDate } from '../../slack/slack-date.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { RULE_TEXT, type SeparationException } from '../pilots/separation-of-duties.domain.js';
import type { StaleConfirmation } from './confirmation-expiry.domain.js';
import { OUTCOME_LABELS } from './outcome.domain.js';
import type { PlanItem, Review, StoredSignalStatus } from './review.types.js';
import { awaitedRoles, type CardAction, type CardState, cardActions, cardStep } from './review-card.domain.js';

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

/**
 * Compact grid such as 🟢🟡⚪⚪🔴 for lists (Home, `/gate list`): one square per signal in the catalog's
 * order, ⚪ for a signal without a status yet (no review: ⚪⚪⚪⚪⚪). SIGNAL_GRID_LEGEND goes under it.
 */
export const signalGrid = (statuses: Pick<StoredSignalStatus, 'signal' | 'status'>[]): string =>
  SIGNAL_IDS.map((id) => STATUS_EMOJI[statuses.find((s) => s.signal === id)?.status ?? 'pending']).join('');

/** What the squares of a signalGrid say: the signals in order, then the colours. */
export const SIGNAL_GRID_LEGEND =
  `Signals: ${SIGNAL_IDS.map((id) => SIGNAL_SHORT[id]).join(' · ')} — ` +
  `${STATUS_EMOJI.confirmed} confirmed · ${STATUS_EMOJI.conditional} conditional · ${STATUS_EMOJI.failed} failed · ${STATUS_EMOJI.pending} pending`;

/** The outcome in a few words, for one-line texts. */
const OUTCOME_SHORT: Record<Review['outcome'], string> = {
  collecting: 'collecting answers',
  proceed: 'ready to scale',
  continue_pre_production: `${TERMS.gapClosurePlan} needed`,
  pause: 'pause advised',
};

/** What the card shows and offers: the review's state, the pilot's stage, whether its 90-day review is due. */
export interface ReviewCardOptions {
  /** In production long enough for its 90-day review (reviews/review90-due.domain.ts). */
  review90Due?: boolean;
  /**
   * Stale confirmations of the undecided round (confirmation-expiry.domain); the review passed in shows
   * their signals pending already.
   */
  stale?: readonly StaleConfirmation[];
}

function cardState(pilot: Pilot, review: Review, planItems: PlanItem[], opts: ReviewCardOptions): CardState {
  const last = review.decisions.at(-1);
  return {
    stage: pilot.stage,
    outcome: review.outcome,
    decidedThisRound: last && last.round === review.round ? last.decision : null,
    anyDecision: !!last,
    hasPlan: planItems.length > 0,
    review90Due: opts.review90Due ?? false,
    reconfirming: (opts.stale?.length ?? 0) > 0,
  };
}

const requiredRoles = (review: Review): RoleId[] =>
  review.rounds.find((r) => r.n === review.round)?.requiredRoles ?? [...ROLE_IDS];

/** Stage, outcome and decision in one line. */
function statusLine(pilot: Pilot, review: Review): string {
  const last = review.decisions.at(-1);
  const round = review.round > 1 ? ` · Round ${review.round}` : '';
  const stage = `*Stage:* ${STAGE_LABELS[pilot.stage]}${round}`;
  if (!last) return `${stage} · *Outcome:* ${OUTCOME_TEXT[review.outcome]}`;
  const decided = `*Decision:* ${DECISION_LABELS[last.decision]} by ${mention(last.by)}, ${slackDate(last.at)}`;
  const kept = last.stageKept ? ` (not carried out: the pilot stayed ${STAGE_LABELS[last.stageKept]})` : '';
  if (last.round === review.round) return `${stage} · ${decided}${kept}`;
  return `${stage} · *Outcome:* ${OUTCOME_TEXT[review.outcome]} · ${decided}${kept} (round ${last.round}; round ${review.round} is under way)`;
}

/** Who answered and who is still awaited, by role: the people are DM'd, so the card pings nobody. */
function progressLine(review: Review): string | null {
  const required = requiredRoles(review);
  const waiting = awaitedRoles(required, review.answeredRoles);
  if (waiting.length === 0) return null;
  const answered = required.length - waiting.length;
  return `⏳ ${answered} of ${required.length} answered — waiting on ${waiting.map((r) => ROLE_LABELS[r]).join(', ')}`;
}

/** Whose re-confirmation the decision waits on, and how old their answers are; the people are DM'd. */
const reconfirmLine = (stale: readonly StaleConfirmation[]): string =>
  `🔁 Waiting on re-confirmation: ${stale.map((s) => `${ROLE_LABELS[s.role]} (answers from ${slackDate(s.confirmedAt)})`).join(', ')}`;

const BUTTONS: Record<CardAction, (review: Review, pilot: Pilot, primary: boolean) => Button> = {
  answer: (r, _p, main) => button('Answer my questions', Ids.review.answerButton, r.id, main ? 'primary' : undefined),
  remind: (r, _p, main) => button('Remind', Ids.review.remindButton, r.id, main ? 'primary' : undefined),
  decide: (r, _p, main) => button('Record decision', Ids.review.decideButton, r.id, main ? 'primary' : undefined),
  viewDecision: (r, _p, main) =>
    button('View decision', Ids.review.viewDecisionButton, r.id, main ? 'primary' : undefined),
  viewPlan: (r, _p, main) => button('View plan', Ids.plan.openButton, r.id, main ? 'primary' : undefined),
  review90: (_r, p, main) => button(cap(TERMS.review90), Ids.review90.openButton, p.id, main ? 'primary' : undefined),
  details: (r, _p, main) => button('Details', Ids.review.detailsButton, r.id, main ? 'primary' : undefined),
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The gate admin's exception to separation of duties: who, when, which rule, why (the reason clipped at a word). */
function separationLine(e: SeparationException): string {
  const rules = e.rules.map((r) => RULE_TEXT[r]).join('; ');
  const reason = clipWords(e.reason, 300).text;
  return `⚖️ Separation-of-duties exception recorded by ${mention(e.recordedBy)}, ${slackDate(e.recordedAt)} (${rules}): ${escapeMrkdwn(reason)}`;
}

/** The notification text: the news or the next step first, the pilot's name after; ≤ 150 characters. */
function cardText(pilot: Pilot, review: Review, state: CardState, stale: ReviewCardOptions['stale']): string {
  const name = clipWords(pilot.name, 60).text;
  const last = review.decisions.at(-1);
  const round = review.round > 1 ? fallbackPart`Round ${review.round}: ` : fallbackPart``;
  switch (cardStep(state)) {
    case 'collecting': {
      const required = requiredRoles(review);
      const waiting = awaitedRoles(required, review.answeredRoles).map((r) => ROLE_SHORT[r]);
      const answered = required.length - waiting.length;
      if (waiting.length === 0) return fallback`${round}All answered, ${OUTCOME_SHORT.collecting} · ${name}`;
      return answered === 0 && review.round === 1
        ? fallback`Gate review opened — 0 of ${required.length} answered · ${name}`
        : fallback`${round}${answered} of ${required.length} answered — waiting on ${waiting.join(', ')} · ${name}`;
    }
    case 'reconfirming': {
      const roles = (stale ?? []).map((s) => ROLE_SHORT[s.role]).join(', ');
      return fallback`${round}Re-confirmation asked of ${roles} before the decision · ${name}`;
    }
    case 'ready':
      return fallback`${round}Ready for the sponsor's decision: ${OUTCOME_SHORT[review.outcome]} · ${name}`;
    case 'production':
      if (state.review90Due && pilot.stage === 'production') return fallback`${cap(TERMS.review90)} due · ${name}`;
      return fallback`In production · ${name}`;
    case 'closed':
      return fallback`Terminated · ${name}`;
    case 'decided':
      return fallback`Decided: ${last ? DECISION_LABELS[last.decision] : ''} · ${name}`;
  }
}

/** The review card posted in the pilot's channel and updated in place on every change. */
export function reviewCard(
  pilot: Pilot,
  review: Review,
  planItems: PlanItem[] = [],
  opts: ReviewCardOptions = {},
): RenderedMessage {
  const state = cardState(pilot, review, planItems, opts);
  const progress = progressLine(review);
  const blocks: KnownBlock[] = [
    header(`Gate review: ${pilot.name}`),
    section(statusLine(pilot, review)),
    section(signalLines(review.statuses).join('\n')),
    ...(progress && cardStep(state) === 'collecting' ? [context(progress)] : []),
    ...(cardStep(state) === 'reconfirming' ? [context(reconfirmLine(opts.stale ?? []))] : []),
  ];
  const open = planItems.filter((p) => !p.doneAt);
  if (planItems.length > 0) {
    blocks.push(
      context(
        `📋 ${cap(TERMS.gapClosurePlan)}: ${planItems.length - open.length} of ${count(planItems.length, TERMS.gapClosureItem)} done`,
      ),
    );
  }
  if (pilot.flags.length > 0) blocks.push(context(pilot.flags.map((f) => `🚩 ${escapeMrkdwn(f.detail)}`).join('\n')));
  if (pilot.separationException) blocks.push(context(separationLine(pilot.separationException)));
  blocks.push(
    actions(
      `review.card.${review.id}`,
      cardActions(state).map((b) => BUTTONS[b.action](review, pilot, b.primary)),
    ),
  );
  return { text: cardText(pilot, review, state, opts.stale), blocks };
}
