import type { App, BlockAction } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { DomainError, isDomainError } from '../../shared/errors.js';
import { Ids } from '../../slack/ids.js';
import { decodeMetadata, encodeMetadata } from '../../slack/private-metadata.js';
import { explainError } from '../../slack/respond-error.js';
import { Review90Field } from './review90.domain.js';
import { Review90Service } from './review90.service.js';
import { PilotIdValue, Review90Metadata, Review90StateValues, readReview90State } from './review90.state.js';
import { review90Modal } from './review90.views.js';

/** Registration allows at most 20 KPIs; the domain reads as many as the pilot has. */
const MAX_KPIS = 20;

const teamOf = (body: { team?: { id?: string } | null; user: { team_id?: string } }) =>
  body.team?.id ?? body.user.team_id ?? '';

/** The 90-day review: the DM button opens the modal; a submission lands in the portfolio log. */
export function registerReview90Listeners(app: App, deps: Deps): void {
  const service = new Review90Service(deps);

  app.action<BlockAction>(Ids.review90.openButton, async ({ ack, body, action, client, respond }) => {
    await ack();
    const teamId = teamOf(body);
    const pilotId = PilotIdValue.safeParse('value' in action ? action.value : undefined);
    try {
      if (!pilotId.success)
        throw new DomainError('invalid_input', 'That button is out of date; ask the sponsor to run `/gate status`.');
      const form = await service.formFor(teamId, pilotId.data, body.user.id);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: review90Modal(
          form.pilot,
          form.review.statuses,
          form.roles,
          encodeMetadata(Review90Metadata, { pilotId: pilotId.data }),
        ),
      });
    } catch (error) {
      const text = explainError(error, deps.logger, { teamId, flow: 'review90-open' });
      await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() =>
        deps.notifier.dm(teamId, body.user.id, { text }).catch(() => undefined),
      );
    }
  });

  app.view(Ids.review90.modal, async ({ ack, body, view }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const meta = decodeMetadata(Review90Metadata, view.private_metadata);
    const values = Review90StateValues.safeParse(view.state.values);
    if (!meta || !values.success) {
      await ack({
        response_action: 'errors',
        errors: { [Review90Field.lessons]: 'This form is out of date; close it and open the 90-day review again' },
      });
      return;
    }
    let result: Awaited<ReturnType<Review90Service['submit']>>;
    try {
      result = await service.submit({
        teamId,
        pilotId: meta.pilotId,
        userId: body.user.id,
        draft: readReview90State(values.data, MAX_KPIS),
      });
    } catch (error) {
      // Keep the modal open with everything typed: field errors where they belong, anything else under the lessons.
      const errors =
        isDomainError(error) && Object.keys(error.fieldErrors).length > 0
          ? error.fieldErrors
          : {
              [Review90Field.lessons]: explainError(error, deps.logger, { teamId, flow: 'review90-submit' }).slice(
                0,
                300,
              ),
            };
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    await service
      .announce(result)
      .catch((error: unknown) => explainError(error, deps.logger, { teamId, flow: 'review90-announce' }));
  });
}
