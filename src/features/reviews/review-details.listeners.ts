import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { ObjectIdText } from '../../core/ids.js';
import { section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { explainError } from '../../slack/respond-error.js';
import { actorOf, tellUser } from '../../slack/tell-user.js';
import { reviewDetailsModal } from './review-details.views.js';

const say = (text: string) => ({ text, blocks: [section(text)] });

/** *Details* on the review card: a read-only modal with everything behind the card. */
export function registerReviewDetailsListeners(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(Ids.review.detailsButton, async ({ ack, body, action, client }) => {
    await ack();
    const { teamId, userId } = actorOf(body);
    const reviewId = ObjectIdText.safeParse(action.value);
    if (!reviewId.success) return tellUser(deps, body, say('This button is out of date; use the latest review card.'));
    try {
      const details = await deps.services.reviewDetails.details(teamId, reviewId.data, userId);
      await client.views.open({ trigger_id: body.trigger_id, view: reviewDetailsModal(details) });
    } catch (error) {
      const text = explainError(error, deps.logger, { teamId, flow: 'review-details' });
      await tellUser(deps, body, say(`I could not show the details. ${text}`));
    }
  });
}
