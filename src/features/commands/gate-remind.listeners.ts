import { escapeMrkdwn, mention } from '../../slack/blocks.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { peopleAwaited } from '../home/waiting.domain.js';
import type { CommandListenerDeps } from './command-deps.js';
import { lookupPilot } from './pilot-lookup.service.js';

/** `/gate remind [pilot]`: nudge everyone who owes answers now (a stakeholder of the pilot or a gate admin). */
export const remindCommand =
  (deps: CommandListenerDeps): GateCommandHandler =>
  async ({ arg, teamId, userId, channelId, ack, respond }) => {
    await ack();
    const found = await lookupPilot(deps.lookup, { teamId, channelId, arg, sub: 'remind', userId });
    if (!found.ok || !found.review) {
      await respond({ response_type: 'ephemeral', text: found.ok ? 'This pilot has no open review yet.' : found.text });
      return;
    }
    const { pilot, review } = found;
    const name = escapeMrkdwn(pilot.name);
    const isStakeholder = Object.values(pilot.stakeholders).includes(userId) || pilot.createdBy === userId;
    if (!isStakeholder && !(await deps.commands.isGateAdmin(teamId, userId))) {
      await respond({
        response_type: 'ephemeral',
        text: `Only the stakeholders of *${name}* or a gate admin can send reminders. Its sponsor is ${mention(pilot.stakeholders.executive_sponsor)}.`,
      });
      return;
    }
    const owing = peopleAwaited(pilot.stakeholders, review).map((p) => mention(p.userId));
    if (owing.length === 0) {
      await respond({ response_type: 'ephemeral', text: `Nobody owes answers for *${name}* right now.` });
      return;
    }
    const sent = await deps.commands.remindOnce(pilot, review, userId);
    const text =
      sent === null
        ? `Everyone who owes answers for *${name}* was reminded less than a minute ago; nothing more was sent.`
        : `Sent ${sent} reminder${sent === 1 ? '' : 's'} for *${name}*. Still owing answers: ${owing.join(', ')}.`;
    await respond({ response_type: 'ephemeral', text });
  };
