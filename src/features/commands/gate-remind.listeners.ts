import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { count, TERMS } from '../../core/glossary.domain.js';
import { ObjectIdText } from '../../core/ids.js';
import type { Logger } from '../../shared/logger.js';
import { escapeMrkdwn, mention, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { type ActionArgs, clickerOf, onAction } from '../../slack/pipeline/action.js';
import type { Replies } from '../../slack/replies.js';
import { peopleAwaited } from '../home/waiting.domain.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { Review } from '../reviews/review.types.js';
import type { CommandListenerDeps } from './command-deps.js';
import type { GateCommandService } from './gate-command.service.js';
import { lookupPilot } from './pilot-lookup.service.js';

/**
 * Reminds everyone who owes answers on `review`, if `userId` may, and says what happened in words for the
 * one who asked (the `/gate remind` command and every *Remind* button answer the same).
 */
export async function remindReply(
  commands: Pick<GateCommandService, 'isGateAdmin' | 'remindOnce'>,
  q: { userId: string; pilot: Pilot; review: Review },
): Promise<string> {
  const { userId, pilot, review } = q;
  const name = escapeMrkdwn(pilot.name);
  const isStakeholder = Object.values(pilot.stakeholders).includes(userId) || pilot.createdBy === userId;
  if (!isStakeholder && !(await commands.isGateAdmin(pilot.teamId, userId))) {
    return `Only the stakeholders of *${name}* or a gate admin can send ${TERMS.reminder.many}. Its sponsor is ${mention(pilot.stakeholders.executive_sponsor)}.`;
  }
  const owing = peopleAwaited(pilot.stakeholders, review).map((p) => mention(p.userId));
  if (owing.length === 0) return `Nobody owes answers for *${name}* right now.`;
  const sent = await commands.remindOnce(pilot, review, userId);
  return sent === null
    ? `Everyone who owes answers for *${name}* was reminded less than a minute ago; nothing more was sent.`
    : `Sent ${count(sent, TERMS.reminder)} for *${name}*. Still owing answers: ${owing.join(', ')}.`;
}

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
      text: await remindReply(deps.commands, { userId, pilot: found.pilot, review: found.review }),
    });
  };

/** What the *Remind* button uses: the command's service, and the review and pilot by id. */
export interface RemindButtonDeps {
  commands: GateCommandService;
  reviews: Pick<ReviewStore, 'byId'>;
  pilots: Pick<PilotStore, 'byId'>;
  replies: Replies;
  logger: Logger;
}

const say = (text: string) => ({ text, blocks: [section(text)] });

type ButtonArgs = ActionArgs<BlockAction<ButtonAction>>;

/**
 * *Remind* (the review card, the decision modal, purgatory alerts): what `/gate remind` does, told to the
 * clicker alone; a modal has no response URL, so the reply goes through `replies.toClicker`.
 */
export function registerRemindButton(app: App, deps: RemindButtonDeps): void {
  app.action<BlockAction<ButtonAction>>(
    Ids.review.remindButton,
    onAction(deps.logger, {
      flow: 'remind-button',
      async handle({ body, action }: ButtonArgs) {
        const { teamId, userId } = clickerOf(body);
        const reviewId = ObjectIdText.safeParse(action.value);
        const review = reviewId.success ? await deps.reviews.byId(teamId, reviewId.data) : null;
        const pilot = review ? await deps.pilots.byId(teamId, review.pilotId) : null;
        if (!review || !pilot) {
          return deps.replies.toClicker(body, say('This button is out of date; use `/gate remind [pilot name]`.'));
        }
        await deps.replies.toClicker(body, say(await remindReply(deps.commands, { userId, pilot, review })));
      },
      tell: ({ body }: ButtonArgs, text: string) =>
        deps.replies.toClicker(body, say(`I could not send the ${TERMS.reminder.many}. ${text}`)),
    }),
  );
}
