import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ObjectIdText } from '../../core/ids.js';
import type { Logger } from '../../shared/logger.js';
import { section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { type ActionArgs, clickerOf, onAction } from '../../slack/pipeline/action.js';
import type { Replies } from '../../slack/replies.js';
import { decisionRecordModal } from './decision-record.views.js';
import type { ReviewDetailsService } from './review-details.service.js';
import { reviewDetailsModal } from './review-details.views.js';

/** What the Details button uses. */
export interface ReviewDetailsListenerDeps {
  reviewDetails: ReviewDetailsService;
  replies: Replies;
  logger: Logger;
}

const say = (text: string) => ({ text, blocks: [section(text)] });

type ButtonArgs = ActionArgs<BlockAction<ButtonAction>>;

/** *Details* and *View decision* on the review card: read-only modals. */
export function registerReviewDetailsListeners(app: App, deps: ReviewDetailsListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    Ids.review.detailsButton,
    onAction(deps.logger, {
      flow: 'review-details',
      async handle({ body, action, client }: ButtonArgs) {
        const { teamId, userId } = clickerOf(body);
        const reviewId = ObjectIdText.safeParse(action.value);
        if (!reviewId.success) {
          return deps.replies.toClicker(body, say('This button is out of date; use the latest review card.'));
        }
        const details = await deps.reviewDetails.details(teamId, reviewId.data, userId);
        await client.views.open({ trigger_id: body.trigger_id, view: reviewDetailsModal(details) });
      },
      tell: ({ body }: ButtonArgs, text: string) =>
        deps.replies.toClicker(body, say(`I could not show the details. ${text}`)),
    }),
  );

  // *View decision*: the recorded decision, its rationale and conditions, who and when.
  app.action<BlockAction<ButtonAction>>(
    Ids.review.viewDecisionButton,
    onAction(deps.logger, {
      flow: 'review-decision-view',
      async handle({ body, action, client }: ButtonArgs) {
        const { teamId, userId } = clickerOf(body);
        const reviewId = ObjectIdText.safeParse(action.value);
        if (!reviewId.success) {
          return deps.replies.toClicker(body, say('This button is out of date; use the latest review card.'));
        }
        const record = await deps.reviewDetails.decisionRecord(teamId, reviewId.data, userId);
        await client.views.open({
          trigger_id: body.trigger_id,
          view: decisionRecordModal(record.pilot, record.decision, record.planItems),
        });
      },
      tell: ({ body }: ButtonArgs, text: string) =>
        deps.replies.toClicker(body, say(`I could not show the decision. ${text}`)),
    }),
  );
}
