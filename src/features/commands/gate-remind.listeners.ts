import type { Deps } from '../../app/deps.js';
import { escapeMrkdwn, mention } from '../../slack/blocks.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { peopleAwaited } from '../home/waiting.domain.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { lookupPilot } from '../pilots/pilot-lookup.service.js';
import type { Review } from '../reviews/review.types.js';

/**
 * Nudges everyone who owes answers now, through the nudge service (so a manual reminder counts toward
 * escalation and reaches a deputy when the holder is away). A second `/gate remind` for the same
 * review within the same minute (a double-typed command, two instances) sends nothing: the delivery
 * store's unique key claims the minute. Returns the number of DMs sent, or null for a repeat.
 */
async function remindOnce(deps: Deps, pilot: Pilot, review: Review, by: string): Promise<number | null> {
  const now = deps.clock.now();
  const key = `remind:${review.id}:r${review.round}:${Math.floor(now.getTime() / 60_000)}`;
  let sent = 0;
  const outcome = await deps.repos.deliveries.once(key, pilot.teamId, now, async () => {
    sent = await deps.services.nudges.remindNow(pilot.teamId, review.id, by);
    return { channel: 'remind', ts: String(sent) };
  });
  return outcome.status === 'sent' ? sent : null;
}

/** `/gate remind [pilot]`: nudge everyone who owes answers now (a stakeholder of the pilot or a gate admin). */
export const remindCommand: GateCommandHandler = async ({ arg, teamId, userId, channelId, ack, respond, deps }) => {
  await ack();
  const found = await lookupPilot(deps, { teamId, channelId, arg, sub: 'remind', userId });
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
  const owing = peopleAwaited(pilot.stakeholders, review).map((p) => mention(p.userId));
  if (owing.length === 0) {
    await respond({ response_type: 'ephemeral', text: `Nobody owes answers for *${name}* right now.` });
    return;
  }
  const sent = await remindOnce(deps, pilot, review, userId);
  const text =
    sent === null
      ? `Everyone who owes answers for *${name}* was reminded less than a minute ago; nothing more was sent.`
      : `Sent ${sent} reminder${sent === 1 ? '' : 's'} for *${name}*. Still owing answers: ${owing.join(', ')}.`;
  await respond({ response_type: 'ephemeral', text });
};
