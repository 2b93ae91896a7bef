import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { count, TERMS } from '../../core/glossary.domain.js';
import { ObjectIdText } from '../../core/ids.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { escapeMrkdwn, mention } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { type ActionArgs, clickerOf, onAction } from '../../slack/pipeline/action.js';
import { peopleAwaited } from '../home/waiting.domain.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { Review } from '../reviews/review.types.js';
import type { CommandListenerDeps } from './command-deps.js';
import { lookupPilot } from './pilot-lookup.service.js';

/** `/gate remind [pilot]`: remind everyone who owes answers now (a stakeholder of the pilot or a gate admin). */
export const remindCommand =
  (deps: CommandListenerDeps): GateCommandHandler =>
  async ({ arg, teamId, userId, channelId, ack, respond }) => {
    await ack();
    const found = await lookupPilot(deps.lookup, { teamId, channelId, arg, sub: 'remind', userId });
    if (!found.ok || !found.review) {
      await respond({ response_type: 'ephemeral', text: found.ok ? 'This pilot has no open review yet.' : found.text });
      return;
    }
    await respond({
      response_type: 'ephemeral',
      text: await remindReply(deps, { teamId, userId, pilot: found.pilot, review: found.review }),
    });
  };

/**
 * Reminds everyone who owes answers on `review` and says what happened, in words for the one who asked
 * (the `/gate remind` command and the card's *Remind* button answer the same).
 */
export async function remindReply(
  deps: CommandListenerDeps,
  q: { teamId: string; userId: string; pilot: Pilot; review: Review },
): Promise<string> {
  const { teamId, userId, pilot, review } = q;
  const name = escapeMrkdwn(pilot.name);
  const isStakeholder = Object.values(pilot.stakeholders).includes(userId) || pilot.createdBy === userId;
  if (!isStakeholder && !(await deps.commands.isGateAdmin(teamId, userId))) {
    return `Only the stakeholders of *${name}* or a gate admin can send ${TERMS.reminder.many}. Its sponsor is ${mention(pilot.stakeholders.executive_sponsor)}.`;
  }
  const owing = peopleAwaited(pilot.stakeholders, review).map((p) => mention(p.userId));
  if (owing.length === 0) return `Nobody owes answers for *${name}* right now.`;
  const sent = await deps.commands.remindOnce(pilot, review, userId);
  return sent === null
    ? `Everyone who owes answers for *${name}* was reminded less than a minute ago; nothing more was sent.`
    : `Sent ${count(sent, TERMS.reminder)} for *${name}*. Still owing answers: ${owing.join(', ')}.`;
}

type ButtonArgs = ActionArgs<BlockAction<ButtonAction>>;

/** *Remind* on the review card: what `/gate remind` does, answered to the clicker alone. */
export function registerRemindButton(app: App, logger: Logger, deps: CommandListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    Ids.review.remindButton,
    onAction(logger, {
      flow: 'review-remind',
      async handle(args: ButtonArgs) {
        const { teamId, userId } = clickerOf(args.body);
        const reviewId = ObjectIdText.safeParse(args.action.value);
        const review = reviewId.success ? await deps.lookup.repos.reviews.byId(teamId, reviewId.data) : null;
        const found = review && (await deps.lookup.repos.pilots.byId(teamId, review.pilotId));
        const pilot =
          found && (await deps.lookup.services.audience.session(teamId).canSee(found, userId)) ? found : null;
        if (!review || !pilot)
          throw new DomainError('not_found', 'That review card is out of date; use `/gate remind`.');
        const text = await remindReply(deps, { teamId, userId, pilot, review });
        await args.respond({ response_type: 'ephemeral', replace_original: false, text });
      },
      tell: (args: ButtonArgs, text: string) =>
        args.respond({ response_type: 'ephemeral', replace_original: false, text }).then(() => undefined),
    }),
  );
}
