import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import { explainError } from '../respond-error.js';
import { orElse } from './follow-up.js';

export type ActionArgs<A extends BlockAction = BlockAction> = SlackActionMiddlewareArgs<A> & AllMiddlewareArgs;

/** Who clicked, in which workspace; every lookup that follows is scoped by that team. */
export const clickerOf = (body: { team: { id: string } | null; user: { id: string; team_id?: string } }) => ({
  teamId: body.team?.id ?? body.user.team_id ?? '',
  userId: body.user.id,
});

export interface ActionFlow<A extends BlockAction> {
  /** Names the flow in log lines. */
  flow: string;
  /** Parse, call one service, render, respond; runs after the ack. A thrown error goes to `tell`. */
  handle(args: ActionArgs<A>): Promise<void>;
  /**
   * Says what went wrong to the person who clicked (an ephemeral, their DM, the modal they clicked in):
   * a DomainError's own message, or the apology with a correlation id. Without it the error is only logged.
   */
  tell?(args: ActionArgs<A>, text: string): Promise<void>;
}

/**
 * The listener of a button, menu or select: acks at once (Slack's 3 seconds; every action of this app
 * answers later through its own message or view), then runs the flow. An error becomes words for the
 * person, and a failure to tell them is logged, never thrown back into Bolt.
 */
export function onAction<A extends BlockAction>(logger: Logger, spec: ActionFlow<A>) {
  return async (args: ActionArgs<A>): Promise<void> => {
    await args.ack();
    const { teamId, userId } = clickerOf(args.body);
    try {
      await spec.handle(args);
    } catch (error) {
      const text = explainError(error, logger, { teamId, flow: spec.flow });
      if (spec.tell) {
        const tell = spec.tell;
        await orElse(
          logger,
          { teamId, userId, flow: spec.flow },
          'could not tell the user',
          () => tell(args, text),
          undefined,
        );
      }
    }
  };
}

/**
 * Answers the person who clicked with an ephemeral where the button was (its response URL); when
 * Slack refuses that (the message is gone, the URL expired), `fallback` reaches them another way
 * (a DM, a channel ephemeral). The refusal is logged once with the flow.
 */
export async function replyToClicker(
  logger: Logger,
  { respond, body }: Pick<ActionArgs, 'respond' | 'body'>,
  flow: string,
  text: string,
  fallback: (who: { teamId: string; userId: string }) => Promise<void>,
): Promise<void> {
  const who = clickerOf(body);
  await orElse(
    logger,
    { ...who, flow },
    'could not answer through the response URL; trying another way',
    async () => {
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    },
    () => fallback(who),
  );
}
