import type { App, BlockAction, RespondFn } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { ObjectIdText } from '../../core/ids.js';
import { DomainError, isDomainError } from '../../shared/errors.js';
import { localDay } from '../../shared/time.js';
import { clip } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { decodeMetadata, encodeMetadata } from '../../slack/private-metadata.js';
import { explainError } from '../../slack/respond-error.js';
import { DecisionField } from './decision.domain.js';
import {
  DecisionMetadata,
  DecisionStateValues,
  planSignalsIn,
  readChoice,
  readDecisionState,
} from './decision.schema.js';
import type { DecisionContext } from './decision.service.js';
import { decisionModal } from './decision.views.js';

const metadataOf = (ctx: DecisionContext) =>
  encodeMetadata(DecisionMetadata, { reviewId: ctx.review.id, round: ctx.review.round });

const teamOf = (body: { team?: { id?: string } | null; user: { team_id?: string } }) =>
  body.team?.id ?? body.user.team_id ?? '';

/** `/gate decide [pilot]`: the decision modal for the sponsor; usage or a refusal for anyone else. */
export const decideCommand: GateCommandHandler = async ({
  arg,
  ack,
  client,
  deps,
  teamId,
  userId,
  channelId,
  triggerId,
}) => {
  await ack();
  // DomainErrors (unknown pilot, not the sponsor, already decided) reach the person through the command's error path.
  const reviewId = await deps.services.decisions.reviewForCommand(teamId, channelId, arg, userId);
  const ctx = await deps.services.decisions.prepare(teamId, reviewId, userId);
  await client.views.open({
    trigger_id: triggerId,
    view: decisionModal({ ...ctx, chosen: null, metadata: metadataOf(ctx) }),
  });
};

/** Tells the clicker why there is no modal: ephemeral in the channel the button was in. */
async function tell(deps: Deps, respond: RespondFn, body: BlockAction, text: string): Promise<void> {
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch {
    const channel = body.channel?.id;
    if (channel) await deps.notifier.ephemeral(teamOf(body), channel, body.user.id, { text }).catch(() => undefined);
  }
}

/**
 * Keeps the modal open with everything typed: each message goes on the field to fix, anything else
 * (a database failure, an unexpected error) on the choice, with a correlation id.
 */
function inlineErrors(deps: Deps, error: unknown, teamId: string): Record<string, string> {
  const errors =
    isDomainError(error) && Object.keys(error.fieldErrors).length > 0
      ? error.fieldErrors
      : { [DecisionField.choice]: explainError(error, deps.logger, { teamId, flow: 'decide-submit' }) };
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, clip(v, 300)]));
}

export function registerDecisionListeners(app: App, deps: Deps): void {
  app.action<BlockAction>(Ids.review.decideButton, async ({ ack, body, action, client, respond }) => {
    await ack();
    const teamId = teamOf(body);
    const reviewId = ObjectIdText.safeParse('value' in action ? action.value : undefined);
    try {
      if (!reviewId.success) throw new DomainError('invalid_input', 'That button is out of date; run `/gate decide`.');
      const ctx = await deps.services.decisions.prepare(teamId, reviewId.data, body.user.id);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: decisionModal({ ...ctx, chosen: null, metadata: metadataOf(ctx) }),
      });
    } catch (error) {
      await tell(deps, respond, body, explainError(error, deps.logger, { teamId, flow: 'decide-open' }));
    }
  });

  // Picking a decision re-renders the modal with the fields that decision needs; typed values survive
  // because block and action ids stay the same.
  app.action<BlockAction>(Ids.decision.choice, async ({ ack, body, client }) => {
    await ack();
    const view = body.view;
    const meta = decodeMetadata(DecisionMetadata, view?.private_metadata);
    const values = DecisionStateValues.safeParse(view?.state.values);
    if (!view || !meta || !values.success) return;
    const teamId = teamOf(body);
    try {
      const ctx = await deps.services.decisions.prepare(teamId, meta.reviewId, body.user.id);
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: decisionModal({ ...ctx, chosen: readChoice(values.data), metadata: view.private_metadata }),
      });
    } catch (error) {
      // A hash conflict means a newer choice already re-rendered the modal; anything else is logged.
      explainError(error, deps.logger, { teamId, flow: 'decide-choice' });
    }
  });

  app.view(Ids.decision.modal, async ({ ack, body, view }) => {
    const teamId = teamOf(body);
    const userId = body.user.id;
    const meta = decodeMetadata(DecisionMetadata, view.private_metadata);
    const values = DecisionStateValues.safeParse(view.state.values);
    if (!meta || !values.success) {
      const message = 'This form is out of date; close it and open Record decision again.';
      await ack({ response_action: 'errors', errors: { [DecisionField.choice]: message } });
      return;
    }
    const planSignals = planSignalsIn(values.data);
    let outcome: Awaited<ReturnType<typeof deps.services.decisions.record>>;
    try {
      const profile = await deps.notifier.userProfile(teamId, userId).catch(() => ({ tz: 'UTC' }));
      outcome = await deps.services.decisions.record({
        teamId,
        reviewId: meta.reviewId,
        round: meta.round,
        userId,
        draft: readDecisionState(values.data, planSignals),
        planSignals,
        today: localDay(deps.clock.now(), profile.tz),
      });
    } catch (error) {
      await ack({ response_action: 'errors', errors: inlineErrors(deps, error, teamId) });
      return;
    }
    await ack();
    await deps.services.decisions.announce(outcome).catch((error: unknown) => {
      explainError(error, deps.logger, { teamId, flow: 'decide-announce' });
    });
  });
}
