import { escapeMrkdwn } from '../../slack/blocks.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import type { CommandListenerDeps } from './command-deps.js';
import { lookupPilot } from './pilot-lookup.service.js';

/**
 * `/gate export [pilot]`: the review's audit trail as CSV and JSON, uploaded to the caller's DM with the
 * chain verification. Only the pilot's stakeholders (and its registrant) or a gate admin may export.
 */
export const exportCommand =
  (deps: CommandListenerDeps): GateCommandHandler =>
  async ({ arg, teamId, userId, channelId, ack, respond }) => {
    await ack({ response_type: 'ephemeral', text: 'Preparing the audit trail…' });
    const found = await lookupPilot(deps.lookup, { teamId, channelId, arg, sub: 'export', userId });
    if (!found.ok || !found.review) {
      await respond({ response_type: 'ephemeral', text: found.ok ? 'This pilot has no review yet.' : found.text });
      return;
    }
    const { pilot, review } = found;
    const allowed =
      Object.values(pilot.stakeholders).includes(userId) ||
      pilot.createdBy === userId ||
      (await deps.commands.isGateAdmin(teamId, userId));
    if (!allowed) {
      await respond({
        response_type: 'ephemeral',
        text: `Only the stakeholders of *${escapeMrkdwn(pilot.name)}* or a gate admin can export its audit trail.`,
      });
      return;
    }
    const summary = await deps.commands.uploadAuditTrail(pilot, review, userId);
    await respond({
      response_type: 'ephemeral',
      text: `Sent the audit trail of *${escapeMrkdwn(pilot.name)}* to your DM. ${summary}`,
    });
  };
