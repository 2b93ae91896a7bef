import type { App, BlockAction } from '@slack/bolt';
import { ObjectIdText } from '../../core/ids.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { Ids } from '../../slack/ids.js';
import { type ActionArgs, clickerOf, onAction } from '../../slack/pipeline/action.js';
import { orElse } from '../../slack/pipeline/follow-up.js';
import { encodeMetadata } from '../../slack/private-metadata.js';
import type { Replies } from '../../slack/replies.js';
import { PlanMetadata } from './gap-closure.schema.js';
import type { GapClosureService, MarkDoneResult } from './gap-closure.service.js';
import {
  markDoneText,
  ownerItemsMessage,
  planModal,
  ROUND_NOT_STARTED,
  VIEW_NOT_REFRESHED,
} from './gap-closure.views.js';

/** What the plan button and *Mark done* use. */
export interface GapClosureListenerDeps {
  gapClosure: GapClosureService;
  replies: Replies;
  logger: Logger;
}

const buttonValue = (action: BlockAction['actions'][number]) => ('value' in action ? action.value : undefined);

/** Tells the clicker something without touching the message they clicked in. */
async function tell(deps: GapClosureListenerDeps, { body, respond }: ActionArgs, text: string): Promise<void> {
  if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, text });
  else await deps.replies.dm(clickerOf(body).teamId, body.user.id, { text });
}

/** Re-renders where the click happened: the plan modal, or the owner's message with their items. */
async function refreshSource(
  deps: GapClosureListenerDeps,
  { body, client }: ActionArgs,
  result: MarkDoneResult,
  notice: string,
): Promise<void> {
  const { teamId } = clickerOf(body);
  const { item } = result;
  if (body.view) {
    const plan = await deps.gapClosure.planFor(teamId, item.reviewId, body.user.id);
    await client.views.update({
      view_id: body.view.id,
      view: planModal({ ...plan, metadata: body.view.private_metadata, notice }),
    });
    return;
  }
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (!channel || !ts) return;
  const items = await deps.gapClosure.ownerItems(teamId, item.reviewId, item.ownerId);
  await deps.replies.update(teamId, channel, ts, ownerItemsMessage(result.pilot, items, notice));
}

export function registerGapClosureListeners(app: App, deps: GapClosureListenerDeps): void {
  // The card's *Plan* button: every item of the pilot's plan, with *Mark done* where the viewer may use it.
  app.action<BlockAction>(
    Ids.plan.openButton,
    onAction(deps.logger, {
      flow: 'plan-open',
      async handle({ body, action, client }: ActionArgs) {
        const reviewId = ObjectIdText.safeParse(buttonValue(action));
        if (!reviewId.success) throw new DomainError('invalid_input', 'That button is out of date.');
        const plan = await deps.gapClosure.planFor(clickerOf(body).teamId, reviewId.data, body.user.id);
        await client.views.open({
          trigger_id: body.trigger_id,
          view: planModal({ ...plan, metadata: encodeMetadata(PlanMetadata, { reviewId: reviewId.data }) }),
        });
      },
      tell: (args: ActionArgs, text: string) => tell(deps, args, text),
    }),
  );

  // *Mark done* from the owner's DM, a reminder, or the plan modal. Idempotent: a second click says so.
  app.action<BlockAction>(
    Ids.plan.markDone,
    onAction(deps.logger, {
      flow: 'plan-mark-done',
      async handle(args: ActionArgs) {
        const { body, action } = args;
        const { teamId } = clickerOf(body);
        const itemId = ObjectIdText.safeParse(buttonValue(action));
        if (!itemId.success) throw new DomainError('invalid_input', 'That button is out of date.');
        const result = await deps.gapClosure.markDone(teamId, itemId.data, body.user.id);
        // From here the item is saved as done: a later failure must never be reported as "nothing was saved".
        // Also after a second click: the first one may have stopped before the re-review round opened.
        const started = await orElse(
          deps.logger,
          { teamId, flow: 'plan-after-done' },
          'mark done saved; re-review not opened yet',
          () => deps.gapClosure.afterDone(result, body.user.id),
          null,
        );
        const notice = markDoneText(result.item, result.alreadyDone, started === true);
        const told = started === null ? `${notice} ${ROUND_NOT_STARTED}` : notice;
        await orElse(
          deps.logger,
          { teamId, flow: 'plan-refresh' },
          'mark done saved; view not refreshed',
          () => refreshSource(deps, args, result, told),
          () => tellQuietly(deps, args, `${told} ${VIEW_NOT_REFRESHED}`),
        );
      },
      tell: (args: ActionArgs, text: string) => tell(deps, args, text),
    }),
  );
}

/** tell() for a step that already degraded: its own failure is logged, not thrown back into the flow. */
const tellQuietly = (deps: GapClosureListenerDeps, args: ActionArgs, text: string) =>
  orElse(
    deps.logger,
    { teamId: clickerOf(args.body).teamId, flow: 'plan-tell' },
    'could not tell the user',
    () => tell(deps, args, text),
    undefined,
  );
