import type { App, BlockAction } from '@slack/bolt';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { Ids } from '../../slack/ids.js';
import { type ActionArgs, clickerOf, onAction, replyToClicker } from '../../slack/pipeline/action.js';
import { onViewSubmission, type ViewArgs } from '../../slack/pipeline/view-submission.js';
import { decodeMetadata, encodeMetadata } from '../../slack/private-metadata.js';
import type { Replies } from '../../slack/replies.js';
import { Review90Field } from './review90.domain.js';
import type { Review90Service } from './review90.service.js';
import { PilotIdValue, Review90Metadata, Review90StateValues, readReview90State } from './review90.state.js';
import { review90Modal } from './review90.views.js';

/** What the 90-day review button and modal use. */
export interface Review90ListenerDeps {
  review90: Review90Service;
  replies: Replies;
  logger: Logger;
}

/** Registration allows at most 20 KPIs; the domain reads as many as the pilot has. */
const MAX_KPIS = 20;

/** The 90-day review: the DM button opens the modal; a submission lands in the portfolio log. */
export function registerReview90Listeners(app: App, deps: Review90ListenerDeps): void {
  const service = deps.review90;

  app.action<BlockAction>(
    Ids.review90.openButton,
    onAction(deps.logger, {
      flow: 'review90-open',
      async handle({ body, action, client }: ActionArgs) {
        const pilotId = PilotIdValue.safeParse('value' in action ? action.value : undefined);
        if (!pilotId.success)
          throw new DomainError('invalid_input', 'That button is out of date; ask the sponsor to run `/gate status`.');
        const form = await service.formFor(clickerOf(body).teamId, pilotId.data, body.user.id);
        const metadata = encodeMetadata(Review90Metadata, { pilotId: pilotId.data });
        await client.views.open({
          trigger_id: body.trigger_id,
          view: review90Modal(form.pilot, form.review.statuses, form.roles, metadata),
        });
      },
      // An ephemeral where the button was; a DM when Slack refuses that.
      async tell(args: ActionArgs, text: string) {
        await replyToClicker(deps.logger, args, 'review90-open', text, ({ teamId, userId }) =>
          deps.replies.dm(teamId, userId, { text }).then(() => undefined),
        );
      },
    }),
  );

  app.view(
    Ids.review90.modal,
    onViewSubmission(deps.logger, {
      flow: 'review90-submit',
      parse({ body, view }: ViewArgs) {
        const meta = decodeMetadata(Review90Metadata, view.private_metadata);
        const values = Review90StateValues.safeParse(view.state.values);
        if (!meta || !values.success) {
          const errors = {
            [Review90Field.lessons]: 'This form is out of date; close it and open the 90-day review again',
          };
          return { ok: false as const, ack: { response_action: 'errors' as const, errors } };
        }
        return { ok: true as const, input: { ...clickerOf(body), pilotId: meta.pilotId, values: values.data } };
      },
      run: ({
        teamId,
        userId,
        pilotId,
        values,
      }: {
        teamId: string;
        userId: string;
        pilotId: string;
        values: Review90StateValues;
      }) => service.submit({ teamId, pilotId, userId, draft: readReview90State(values, MAX_KPIS) }),
      render: () => undefined,
      // Keep the modal open with everything typed: field errors where they belong, anything else under the lessons.
      errors: { block: Review90Field.lessons, shorten: (text: string) => text.slice(0, 300) },
      followUps: (result: Awaited<ReturnType<Review90Service['submit']>>) => [
        { step: 'review90-announce', run: () => service.announce(result) },
      ],
    }),
  );
}
