import { escapeMrkdwn, mention } from '../../slack/blocks.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { lookupPilot } from './pilot-lookup.service.js';
import { remindOwing } from './remind.service.js';

/** `/gate remind [pilot]`: nudge everyone who owes answers now (a stakeholder of the pilot or a gate admin). */
export const remindCommand: GateCommandHandler = async ({ arg, teamId, userId, channelId, ack, respond, deps }) => {
  await ack();
  const found = await lookupPilot(deps, { teamId, channelId, arg, sub: 'remind' });
  if (!found.ok || !found.review) {
    await respond({ response_type: 'ephemeral', text: found.ok ? 'This pilot has no open review yet.' : found.text });
    return;
  }
  const { pilot, review } = found;
  const name = escapeMrkdwn(pilot.name);
  const isStakeholder = Object.values(pilot.stakeholders).includes(userId) || pilot.createdBy === userId;
  if (!isStakeholder && !(await deps.isGateAdmin(teamId, userId))) {
    await respond({
      response_type: 'ephemeral',
      text: `Only the stakeholders of *${name}* or a gate admin can send reminders. Its sponsor is ${mention(pilot.stakeholders.executive_sponsor)}.`,
    });
    return;
  }
  const { reminded, skipped } = await remindOwing(deps, pilot, review, userId);
  const text =
    reminded.length > 0
      ? `Reminded ${reminded.map(mention).join(', ')} to answer for *${name}*.`
      : skipped.length > 0
        ? `Everyone who owes answers for *${name}* was reminded within the last minute (or could not be reached): ${skipped.map(mention).join(', ')}.`
        : `Nobody owes answers for *${name}* right now.`;
  await respond({ response_type: 'ephemeral', text });
};
