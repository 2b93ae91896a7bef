import { actions, button, clip, context, escapeMrkdwn, mention, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';

export interface AlertPilot {
  name: string;
  sponsorId?: string;
}

const HEADLINE: Record<'at_risk' | 'purgatory', string> = {
  at_risk: 'is at risk of pilot purgatory',
  purgatory: 'is in pilot purgatory',
};

/**
 * The one channel alert for a pilot crossing into *at risk* or *in purgatory*: what happened and what
 * would get it out (the flag's detail says both), with the sponsor named and the decision button.
 */
export function purgatoryAlert(pilot: AlertPilot, flag: PilotFlag, reviewId?: string): RenderedMessage {
  const kind = flag.kind === 'purgatory' ? 'purgatory' : 'at_risk';
  const name = escapeMrkdwn(pilot.name);
  const sponsor = pilot.sponsorId ? ` ${mention(pilot.sponsorId)}, the decision is yours.` : '';
  const blocks = [
    section(`${kind === 'purgatory' ? '🚨' : '⚠️'} *${name}* ${HEADLINE[kind]}.\n${escapeMrkdwn(flag.detail)}`),
    ...(sponsor ? [context(sponsor.trim())] : []),
    ...(reviewId
      ? [
          actions(`purgatory.alert.${reviewId}`, [
            button('Record decision', Ids.review.decideButton, reviewId, 'primary'),
          ]),
        ]
      : []),
  ];
  return { text: `${name} ${HEADLINE[kind]}. ${escapeMrkdwn(clip(flag.detail, 1500))}${sponsor}`, blocks };
}
