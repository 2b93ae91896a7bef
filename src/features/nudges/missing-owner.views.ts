import { ROLE_LABELS } from '../../core/catalog.domain.js';
import { nameInText } from '../../core/clip-words.domain.js';
import { plural } from '../../core/glossary.domain.js';
import { actions, button, context, escapeMrkdwn, section } from '../../slack/blocks.js';
import { fallback } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';
import type { OwnerGap } from './missing-owner.domain.js';

const gapLine = (gap: OwnerGap): string =>
  gap.kind === 'role_unassigned'
    ? `• No one holds the *${ROLE_LABELS[gap.role]}* role`
    : `• No named operational owner (${ROLE_LABELS[gap.role]}'s answers: ${escapeMrkdwn(gap.reason)})`;

/** The daily DM to the sponsor (or the pilot's creator) while a review lacks an owner. */
export function missingOwnerMessage(input: { pilot: Pilot; reviewId: string; gaps: OwnerGap[] }): RenderedMessage {
  const { pilot } = input;
  return {
    text: fallback`The gate review of ${nameInText(pilot.name)} is missing an owner: ${plural(input.gaps.length, 'gap')} to fix.`,
    blocks: [
      section(
        `🧭 The gate review of *${escapeMrkdwn(pilot.name)}* in <#${pilot.channelId}> is missing an owner. ` +
          'A pilot without a named operational owner is the most common way to stall in pilot purgatory.',
      ),
      section(input.gaps.map(gapLine).join('\n')),
      context(
        'Assign the role, or name the operational owner in the questionnaire. I will remind you daily until it is fixed.',
      ),
      actions(`owners.actions.${input.reviewId}`, [
        button('Open my questionnaire', Ids.review.answerButton, input.reviewId),
        button('Review details', Ids.review.detailsButton, input.reviewId),
      ]),
    ],
  };
}
