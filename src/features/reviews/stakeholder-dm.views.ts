import { ROLE_LABELS, type RoleId, SIGNAL_LABELS, SIGNAL_SHORT, type SignalId } from '../../core/catalog.domain.js';
import { nameInText } from '../../core/clip-words.domain.js';
import { ROLE_SHORT } from '../../core/glossary.domain.js';
import { actions, button, context, escapeMrkdwn, mention, section } from '../../slack/blocks.js';
import { fallback, userRef } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import { slackDate } from '../../slack/slack-date.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { RenderedMessage } from './review-card.views.js';

/** Role names short enough for a notification ("Sponsor, Ops"). */
const shortRoles = (roles: readonly RoleId[]) => roles.map((r) => ROLE_SHORT[r]).join(', ');

/** The DM each stakeholder gets when a review opens: what is asked, by when, and the button. */

export function stakeholderInvite(input: {
  pilot: Pilot;
  reviewId: string;
  roles: RoleId[];
  signals: SignalId[];
  dueDate: string;
  /** Set for a re-review after gap closure: the signals whose plan items are all done. */
  reReviewOf?: SignalId[];
}): RenderedMessage {
  if (input.reReviewOf?.length) return reReviewInvite({ ...input, reReviewOf: input.reReviewOf });
  const { pilot, roles } = input;
  const signals = input.signals.map((s) => `• ${SIGNAL_LABELS[s]}`).join('\n');
  // The DM goes to the holder of these roles: the person who opened the review is "you" to themselves.
  const opener = pilot.createdBy === pilot.stakeholders[roles[0]!] ? 'You' : mention(pilot.createdBy);
  return {
    text: fallback`Answer your gate review questions by ${input.dueDate} as ${shortRoles(roles)} · ${nameInText(pilot.name)}`,
    blocks: [
      section(
        `${opener} opened a *gate review* for *${escapeMrkdwn(pilot.name)}* in <#${pilot.channelId}>. ` +
          `You are the *${roleSentence(roles)}*.`,
      ),
      section(`*You assess:*\n${signals}`),
      context(
        `Please answer by *${slackDate(input.dueDate)}*. You can edit your answers until the sponsor records a decision.`,
      ),
      actions(`review.invite.${input.reviewId}`, [
        button('Answer my questions', Ids.review.answerButton, input.reviewId, 'primary'),
      ]),
    ],
  };
}

/** The DM of a re-review round: which signals closed their gaps, and a new answer is asked. */
function reReviewInvite(input: {
  pilot: Pilot;
  reviewId: string;
  roles: RoleId[];
  dueDate: string;
  reReviewOf: SignalId[];
}): RenderedMessage {
  const { pilot } = input;
  const names = input.reReviewOf.map((s) => SIGNAL_LABELS[s]);
  return {
    text:
      fallback`Re-review of ${input.reReviewOf.map((sg) => SIGNAL_SHORT[sg]).join(', ')}: answer again by ${input.dueDate} ` +
      fallback`as ${shortRoles(input.roles)} · ${nameInText(pilot.name)}`,
    blocks: [
      section(
        `*Re-review* for *${escapeMrkdwn(pilot.name)}* in <#${pilot.channelId}>: every gap-closure item is done for\n` +
          `${names.map((n) => `• ${n}`).join('\n')}`,
      ),
      section(`As the *${roleSentence(input.roles)}*, please answer your questions again for this round.`),
      context(`Please answer by *${slackDate(input.dueDate)}*. The sponsor decides once the re-review is complete.`),
      actions(`review.invite.${input.reviewId}`, [
        button('Answer my questions', Ids.review.answerButton, input.reviewId, 'primary'),
      ]),
    ],
  };
}

/** Roles inside a sentence: "executive sponsor and operational lead". */
const roleSentence = (roles: RoleId[]): string => roles.map((r) => ROLE_LABELS[r].toLowerCase()).join(' and ');

/** The one line told to someone a role change took a role from: which, on which pilot, by whom, to whom. */
export function roleRemovedMessage(input: {
  pilot: Pick<Pilot, 'name' | 'stakeholders'>;
  roles: RoleId[];
  by: string;
}): RenderedMessage {
  const { pilot, roles } = input;
  const to = [...new Set(roles.map((r) => pilot.stakeholders[r]))].map(mention).join(' and ');
  return {
    text: fallback`${userRef(input.by)} moved your ${roles.length > 1 ? 'roles' : 'role'} as ${shortRoles(roles)} to someone else · ${nameInText(pilot.name)}`,
    blocks: [
      section(
        `You are no longer the *${roleSentence(roles)}* of *${escapeMrkdwn(pilot.name)}*: ${mention(input.by)} gave ${roles.length > 1 ? 'these roles' : 'the role'} to ${to}.`,
      ),
    ],
  };
}
