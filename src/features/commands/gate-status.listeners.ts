import { escapeMrkdwn } from '../../slack/blocks.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import type { CommandListenerDeps } from './command-deps.js';
import { gateStatusReply } from './gate-status.views.js';
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
    await respond({
      response_type: 'ephemeral',
      ...gateStatusReply(pilot, review, await deps.commands.planItems(review)),
    });
  };
