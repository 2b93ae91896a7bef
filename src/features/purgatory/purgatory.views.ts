/**
 * The alerts of a pilot crossing into *at risk* or *in purgatory*: one in the pilot's channel, naming
 * nobody, and one DM to the sponsor, whose decision it is. Each offers only the next steps that work now.
 */

import type { Button, KnownBlock } from '@slack/types';
import { clipWords } from '../../core/clip-words.domain.js';
import { TERMS } from '../../core/glossary.domain.js';
import { actions, button, clip, context, escapeMrkdwn, section } from '../../slack/blocks.js';
import { fallback } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';
import type { AlertSteps } from './purgatory.domain.js';

export interface AlertPilot {
  name: string;
  channelId?: string;
}

const NONE: AlertSteps = { remind: false, decide: false };
const NEWS_MAX = 150;

const headline = (flag: PilotFlag) =>
  flag.kind === 'purgatory' ? `In ${TERMS.purgatory}` : `${capitalised(TERMS.atRisk)} of ${TERMS.purgatory}`;
const capitalised = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
const emoji = (flag: PilotFlag) => (flag.kind === 'purgatory' ? '🚨' : '⚠️');

/** Cuts at a word boundary, so a text never ends mid-word ("…the spons…"). */
const clipAtWord = (text: string, max: number): string => clipWords(text, max).text;

/** *Remind* while answers are missing, *Record decision* only when one is possible; the first is primary. */
function stepButtons(reviewId: string | undefined, steps: AlertSteps, blockId: string): KnownBlock[] {
  if (!reviewId) return [];
  const buttons: Button[] = [];
  if (steps.remind) buttons.push(button('Remind', Ids.review.remindButton, reviewId, 'primary'));
  if (steps.decide) {
    buttons.push(button('Record decision', Ids.review.decideButton, reviewId, steps.remind ? undefined : 'primary'));
  }
  return buttons.length ? [actions(blockId, buttons)] : [];
}

const nextStep = (steps: AlertSteps) =>
  steps.remind ? 'answers are missing' : steps.decide ? 'it needs the sponsor’s decision' : 'see the card';

/** The one channel alert: the news, what gets the pilot out, the buttons that work now. Names nobody. */
export function purgatoryAlert(
  pilot: AlertPilot,
  flag: PilotFlag,
  reviewId?: string,
  steps: AlertSteps = NONE,
): RenderedMessage {
  const name = escapeMrkdwn(pilot.name);
  const detail = escapeMrkdwn(clip(flag.detail, 1500));
  const blocks = [
    section(`${emoji(flag)} *${name}* — ${detail}`),
    ...stepButtons(reviewId, steps, `purgatory.alert.${reviewId}`),
  ];
  const news = `${clip(pilot.name, 80)} — ${headline(flag)}: ${nextStep(steps)}.`;
  return { text: fallback`${clipAtWord(news, NEWS_MAX)}`, blocks };
}

/** The sponsor's DM with the same alert: their decision, asked for in private. */
export function purgatorySponsorDm(
  pilot: AlertPilot,
  flag: PilotFlag,
  reviewId?: string,
  steps: AlertSteps = NONE,
): RenderedMessage {
  const name = escapeMrkdwn(pilot.name);
  const where = pilot.channelId ? ` (<#${pilot.channelId}>)` : '';
  const ask = steps.decide ? 'Your decision is needed' : 'Your pilot needs you';
  const blocks = [
    section(`${emoji(flag)} *${ask}: ${name}*${where}\n${escapeMrkdwn(clip(flag.detail, 1500))}`),
    ...stepButtons(reviewId, steps, `purgatory.dm.${reviewId}`),
    ...(steps.remind ? [context('Answers are missing: *Remind* DMs the people who owe them.')] : []),
  ];
  const news = `${ask}: ${clip(pilot.name, 80)} is ${flag.kind === 'purgatory' ? 'in' : `${TERMS.atRisk} of`} ${TERMS.purgatory}.`;
  return { text: fallback`${clipAtWord(news, NEWS_MAX)}`, blocks };
}
