import { context, escapeMrkdwn } from '../../slack/blocks.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { reviewCard } from '../reviews/review-card.views.js';
import type { CommandListenerDeps } from './command-deps.js';
import { lookupPilot } from './pilot-lookup.service.js';

/**
 * `/gate status [pilot]`: the review card, only to the caller. Acks at once; the card follows through
 * the response URL, so a slow database never costs Slack's three seconds.
 */
export const statusCommand =
  (deps: CommandListenerDeps): GateCommandHandler =>
  async ({ arg, teamId, userId, channelId, ack, respond }) => {
    await ack();
    const found = await lookupPilot(deps.lookup, { teamId, channelId, arg, sub: 'status', userId });
    if (!found.ok) {
      await respond({ response_type: 'ephemeral', text: found.text });
      return;
    }
    const { pilot, review } = found;
    if (!review) {
      await respond({
        response_type: 'ephemeral',
        text: `*${escapeMrkdwn(pilot.name)}* is registered but its review has not opened yet; try again in a minute.`,
      });
      return;
    }
    const card = reviewCard(pilot, review, await deps.commands.planItems(review));
    await respond({
      response_type: 'ephemeral',
      text: card.text,
      blocks: [...card.blocks, context(`Only you can see this. The live card is in <#${pilot.channelId}>.`)],
    });
  };
