import { actions, button, clip, context, escapeMrkdwn, mention, section } from '../../slack/blocks.js';
import { fallback, fallbackPart, userRef } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';

export interface AlertPilot {
  name: string;
  sponsorId?: string;
}

/**
 * The one channel alert for a pilot crossing into *at risk* or *in purgatory*. The flag's detail already
 * says what happened and what would get the pilot out; the alert adds the sponsor and the decision button.
 */
export function purgatoryAlert(pilot: AlertPilot, flag: PilotFlag, reviewId?: string): RenderedMessage {
  const name = escapeMrkdwn(pilot.name);
  const detail = escapeMrkdwn(clip(flag.detail, 1500));
  const sponsor = pilot.sponsorId ? `${mention(pilot.sponsorId)}, the decision is yours.` : '';
  const blocks = [
    section(`${flag.kind === 'purgatory' ? '🚨' : '⚠️'} *${name}* — ${detail}`),
    ...(sponsor ? [context(sponsor)] : []),
    ...(reviewId
      ? [
          actions(`purgatory.alert.${reviewId}`, [
            button('Record decision', Ids.review.decideButton, reviewId, 'primary'),
          ]),
        ]
      : []),
  ];
  const owner = pilot.sponsorId ? fallbackPart` ${userRef(pilot.sponsorId)}, the decision is yours.` : '';
  return { text: fallback`${pilot.name} — ${clip(flag.detail, 1500)}${owner}`, blocks };
}
