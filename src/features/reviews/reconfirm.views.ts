/**
 * The DM to an assessor whose confirmation went stale before the sponsor's decision: *Still true*
 * (one click re-stamps the same answers) or *Update my answers* (their questionnaire); and what the DM
 * becomes once they clicked *Still true*.
 */
import { ROLE_LABELS, type RoleId, SIGNAL_LABELS, type SignalId } from '../../core/catalog.domain.js';
import { nameInText } from '../../core/clip-words.domain.js';
import { ROLE_SHORT, TERMS } from '../../core/glossary.domain.js';
import { actions, button, context, escapeMrkdwn, section } from '../../slack/blocks.js';
import { fallback } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import { slackDate } from '../../slack/slack-date.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { describeDuration } from '../settings/duration-choice.domain.js';
import { encodeReconfirmToken } from './reconfirm.schema.js';
import type { RenderedMessage } from './review-card.views.js';

const roleName = (role: RoleId) => ROLE_LABELS[role].toLowerCase();

export function reconfirmRequest(input: {
  pilot: Pilot;
  reviewId: string;
  role: RoleId;
  confirmedAt: Date;
  signals: readonly SignalId[];
  validForMs: number;
}): RenderedMessage {
  const { pilot, role } = input;
  const age = describeDuration(input.validForMs);
  const signals = input.signals.map((s) => `• ${SIGNAL_LABELS[s]}`).join('\n');
  const token = encodeReconfirmToken({
    reviewId: input.reviewId,
    role,
    confirmedAtMs: input.confirmedAt.getTime(),
  });
  return {
    text: fallback`Re-confirm your answers as ${ROLE_SHORT[role]}: the sponsor is deciding on ${nameInText(pilot.name)} and they are over ${age} old`,
    blocks: [
      section(
        `*Re-confirm your answers on ${escapeMrkdwn(pilot.name)}* (<#${pilot.channelId}>). The sponsor is ready to ` +
          `decide, and your answers as *${roleName(role)}* are from ${slackDate(input.confirmedAt)}, more than ${age} ago.`,
      ),
      ...(signals ? [section(`*Until you ${TERMS.reconfirm}, these count as pending:*\n${signals}`)] : []),
      actions(`reconfirm.${input.reviewId}.${role}`, [
        button('Still true', Ids.review.stillTrueButton, token, 'primary'),
        button('Update my answers', Ids.review.answerButton, input.reviewId),
      ]),
      context('*Still true* keeps the same answers, confirmed today. *Update my answers* opens your questions.'),
    ],
  };
}

/** The DM once *Still true* re-stamped the answers: done, in place of the buttons. */
export function reconfirmDone(input: { pilot: Pilot; role: RoleId; at: Date }): RenderedMessage {
  const { pilot, role } = input;
  return {
    text: fallback`Re-confirmed: your answers as ${ROLE_SHORT[role]} on ${nameInText(pilot.name)} count again`,
    blocks: [
      section(
        `✅ *Re-confirmed* on ${slackDate(input.at)}: your answers as *${roleName(role)}* on ` +
          `*${escapeMrkdwn(pilot.name)}* (<#${pilot.channelId}>) count again for the sponsor's decision.`,
      ),
    ],
  };
}

/** The DM when there was nothing left to re-stamp: confirmed or answered again since it was sent. */
export function reconfirmNotNeeded(input: { pilot: Pilot; role: RoleId }): RenderedMessage {
  const { pilot, role } = input;
  return {
    text: fallback`Nothing to re-confirm: your answers as ${ROLE_SHORT[role]} on ${nameInText(pilot.name)} are current`,
    blocks: [
      section(
        `Nothing to ${TERMS.reconfirm}: your answers as *${roleName(role)}* on *${escapeMrkdwn(pilot.name)}* ` +
          'were confirmed or changed since this message was sent.',
      ),
    ],
  };
}
