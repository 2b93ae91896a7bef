import { actions, button, context, escapeMrkdwn, mention, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { ROLE_LABELS, type RoleId, SIGNAL_LABELS, type SignalId } from './catalog.domain.js';
import type { RenderedMessage } from './review-card.views.js';

/** The DM each stakeholder gets when a review opens: what is asked, by when, and the button. */
export function stakeholderInvite(input: {
  pilot: Pilot;
  reviewId: string;
  roles: RoleId[];
  signals: SignalId[];
  dueDate: string;
}): RenderedMessage {
  const { pilot, roles } = input;
  const roleText = roles.map((r) => ROLE_LABELS[r]).join(' and ');
  const signals = input.signals.map((s) => `• ${SIGNAL_LABELS[s]}`).join('\n');
  return {
    text: `You are the ${roleText} for the gate review of ${escapeMrkdwn(pilot.name)}. Please answer your questions by ${input.dueDate}.`,
    blocks: [
      section(
        `${mention(pilot.createdBy)} opened a *gate review* for *${escapeMrkdwn(pilot.name)}* in <#${pilot.channelId}>. ` +
          `You are the *${roleText}*.`,
      ),
      section(`*You assess:*\n${signals}`),
      context(`Please answer by *${input.dueDate}*. You can edit your answers until the sponsor records a decision.`),
      actions(`review.invite.${input.reviewId}`, [
        button('Answer my questions', Ids.review.answerButton, input.reviewId, 'primary'),
      ]),
    ],
  };
}
