import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import { section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { type ActionArgs, clickerOf, onAction } from '../../slack/pipeline/action.js';
import type { Replies } from '../../slack/replies.js';
import { ReconfirmTokenText } from './reconfirm.schema.js';
import type { ReconfirmService } from './reconfirm.service.js';

/** What *Still true* uses. */
export interface ReconfirmListenerDeps {
  reconfirm: Pick<ReconfirmService, 'stillTrue'>;
  replies: Replies;
  logger: Logger;
}

type ButtonArgs = ActionArgs<BlockAction<ButtonAction>>;

const say = (text: string) => ({ text, blocks: [section(text)] });

/** *Still true* in the DM about a stale confirmation: re-stamps the answers and says so in that DM, in place. */
export function registerReconfirmListeners(app: App, deps: ReconfirmListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    Ids.review.stillTrueButton,
    onAction(deps.logger, {
      flow: 'reconfirm-still-true',
      async handle({ body, action }: ButtonArgs) {
        const { teamId, userId } = clickerOf(body);
        const token = ReconfirmTokenText.safeParse(action.value);
        if (!token.success) return deps.replies.toClicker(body, say('This button is out of date.'));
        const outcome = await deps.reconfirm.stillTrue(teamId, userId, token.data);
        const channel = body.channel?.id;
        const ts = body.message?.ts;
        if (channel && ts) await deps.replies.update(teamId, channel, ts, outcome.message);
        else await deps.replies.toClicker(body, outcome.message);
      },
      tell: ({ body }: ButtonArgs, text: string) =>
        deps.replies.toClicker(body, say(`I could not re-confirm your answers. ${text}`)),
    }),
  );
}
