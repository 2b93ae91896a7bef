import type { AllMiddlewareArgs, App, BlockAction, RespondFn } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { ObjectIdText } from '../../core/ids.js';
import { DomainError } from '../../shared/errors.js';
import { Ids } from '../../slack/ids.js';
import { encodeMetadata } from '../../slack/private-metadata.js';
import { explainError } from '../../slack/respond-error.js';
import type { PlanItem } from '../reviews/review.types.js';
import { PlanMetadata } from './gap-closure.schema.js';
import type { MarkDoneResult } from './gap-closure.service.js';
import {
  markDoneText,
  ownerItemsMessage,
  planModal,
  ROUND_NOT_STARTED,
  VIEW_NOT_REFRESHED,
} from './gap-closure.views.js';

const teamOf = (body: BlockAction) => body.team?.id ?? body.user.team_id ?? '';

const buttonValue = (action: BlockAction['actions'][number]) => ('value' in action ? action.value : undefined);

/** Tells the clicker something without touching the message they clicked in. */
async function tell(deps: Deps, respond: RespondFn, body: BlockAction, text: string): Promise<void> {
  if (body.response_url) {
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
  } else {
    await deps.notifier.dm(teamOf(body), body.user.id, { text }).catch(() => undefined);
  }
}

/** Re-renders where the click happened: the plan modal, or the owner's message with their items. */
async function refreshSource(
  deps: Deps,
  client: AllMiddlewareArgs['client'],
  body: BlockAction,
  result: MarkDoneResult,
  notice: string,
): Promise<void> {
  const teamId = teamOf(body);
  const { item } = result;
  if (body.view) {
    const plan = await deps.services.gapClosure.planFor(teamId, item.reviewId, body.user.id);
    await client.views.update({
      view_id: body.view.id,
      view: planModal({ ...plan, metadata: body.view.private_metadata, notice }),
    });
    return;
  }
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (!channel || !ts) return;
  const items = (await deps.repos.reviews.planItems(teamId, item.reviewId)).filter(
    (i: PlanItem) => i.ownerId === item.ownerId,
  );
  await deps.notifier.update(teamId, channel, ts, ownerItemsMessage(result.pilot, items, notice));
}

export function registerGapClosureListeners(app: App, deps: Deps): void {
  // The card's *Plan* button: every item of the pilot's plan, with *Mark done* where the viewer may use it.
  app.action<BlockAction>(Ids.plan.openButton, async ({ ack, body, action, client, respond }) => {
    await ack();
    const teamId = teamOf(body);
    const reviewId = ObjectIdText.safeParse(buttonValue(action));
    try {
      if (!reviewId.success) throw new DomainError('invalid_input', 'That button is out of date.');
      const plan = await deps.services.gapClosure.planFor(teamId, reviewId.data, body.user.id);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: planModal({ ...plan, metadata: encodeMetadata(PlanMetadata, { reviewId: reviewId.data }) }),
      });
    } catch (error) {
      await tell(deps, respond, body, explainError(error, deps.logger, { teamId, flow: 'plan-open' }));
    }
  });

  // *Mark done* from the owner's DM, a reminder, or the plan modal. Idempotent: a second click says so.
  app.action<BlockAction>(Ids.plan.markDone, async ({ ack, body, action, client, respond }) => {
    await ack();
    const teamId = teamOf(body);
    const itemId = ObjectIdText.safeParse(buttonValue(action));
    let result: MarkDoneResult;
    try {
      if (!itemId.success) throw new DomainError('invalid_input', 'That button is out of date.');
      result = await deps.services.gapClosure.markDone(teamId, itemId.data, body.user.id);
    } catch (error) {
      await tell(deps, respond, body, explainError(error, deps.logger, { teamId, flow: 'plan-mark-done' }));
      return;
    }
    // From here the item is saved as done: a later failure must never be reported as "nothing was saved".
    // Also after a second click: the first one may have stopped before the re-review round opened.
    const started = await deps.services.gapClosure.afterDone(result, body.user.id).catch((error: unknown) => {
      deps.logger.warn({ err: error, teamId, flow: 'plan-after-done' }, 'mark done saved; re-review not opened yet');
      return null;
    });
    const notice = markDoneText(result.item, result.alreadyDone, started === true);
    const told = started === null ? `${notice} ${ROUND_NOT_STARTED}` : notice;
    await refreshSource(deps, client, body, result, told).catch(async (error: unknown) => {
      deps.logger.warn({ err: error, teamId, flow: 'plan-refresh' }, 'mark done saved; view not refreshed');
      await tell(deps, respond, body, `${told} ${VIEW_NOT_REFRESHED}`);
    });
  });
}
