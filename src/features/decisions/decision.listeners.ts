import type { App, BlockAction } from '@slack/bolt';
import { ObjectIdText } from '../../core/ids.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { localDay } from '../../shared/time.js';
import { clip } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { type ActionArgs, clickerOf, onAction, replyToClicker } from '../../slack/pipeline/action.js';
import { fieldErrors, onViewSubmission, type ViewArgs } from '../../slack/pipeline/view-submission.js';
import { decodeMetadata, encodeMetadata } from '../../slack/private-metadata.js';
import type { Replies } from '../../slack/replies.js';
import { DecisionField } from './decision.domain.js';
import {
  DecisionMetadata,
  DecisionStateValues,
  planSignalsIn,
  readChoice,
  readDecisionState,
} from './decision.schema.js';
import type { DecisionContext, DecisionService } from './decision.service.js';
import { decisionDetailsModal, decisionModal } from './decision.views.js';

/** What the decision command, button and modal use. */
export interface DecisionListenerDeps {
  decisions: DecisionService;
  replies: Replies;
  clock: Clock;
  logger: Logger;
}

const metadataOf = (ctx: DecisionContext) =>
  encodeMetadata(DecisionMetadata, { reviewId: ctx.review.id, round: ctx.review.round });

/** `/gate decide [pilot]`: the decision modal for the sponsor; usage or a refusal for anyone else. */
export const decideCommand =
  (deps: DecisionListenerDeps): GateCommandHandler =>
  async ({ arg, ack, client, teamId, userId, channelId, triggerId }) => {
    await ack();
    // DomainErrors (unknown pilot, not the sponsor, already decided) reach the person through the command's error path.
    const reviewId = await deps.decisions.reviewForCommand(teamId, channelId, arg, userId);
    const ctx = await deps.decisions.prepare(teamId, reviewId, userId);
    await client.views.open({
      trigger_id: triggerId,
      view: decisionModal({ ...ctx, chosen: null, metadata: metadataOf(ctx) }),
    });
    await askToReconfirm(deps, ctx);
  };

/** After the modal is open (its trigger expires in 3 s): stale assessors are asked to re-confirm. */
async function askToReconfirm(deps: DecisionListenerDeps, ctx: DecisionContext): Promise<void> {
  await deps.decisions.askToReconfirm(ctx).catch((err: unknown) => {
    deps.logger.warn({ err, teamId: ctx.pilot.teamId, reviewId: ctx.review.id }, 'could not ask to re-confirm');
  });
}

/** Tells the clicker why there is no modal: ephemeral in the channel the button was in. */
async function tell(deps: DecisionListenerDeps, args: ActionArgs, text: string): Promise<void> {
  const channel = args.body.channel?.id;
  await replyToClicker(deps.logger, args, 'decide-open', text, async ({ teamId, userId }) => {
    if (channel) await deps.replies.ephemeral(teamId, channel, userId, { text });
  });
}

interface DecisionSubmission {
  teamId: string;
  userId: string;
  meta: DecisionMetadata;
  values: DecisionStateValues;
}

export function registerDecisionListeners(app: App, deps: DecisionListenerDeps): void {
  app.action<BlockAction>(
    Ids.review.decideButton,
    onAction(deps.logger, {
      flow: 'decide-open',
      async handle({ body, action, client }: ActionArgs) {
        const reviewId = ObjectIdText.safeParse('value' in action ? action.value : undefined);
        if (!reviewId.success)
          throw new DomainError('invalid_input', 'That button is out of date; run `/gate decide`.');
        const ctx = await deps.decisions.prepare(clickerOf(body).teamId, reviewId.data, body.user.id);
        await client.views.open({
          trigger_id: body.trigger_id,
          view: decisionModal({ ...ctx, chosen: null, metadata: metadataOf(ctx) }),
        });
        await askToReconfirm(deps, ctx);
      },
      tell: (args: ActionArgs, text: string) => tell(deps, args, text),
    }),
  );

  // *Details* pushes the rest of the review on top of the modal; closing it returns with everything typed kept.
  app.action<BlockAction>(
    Ids.decision.details,
    onAction(deps.logger, {
      flow: 'decide-details',
      async handle({ body, action, client }: ActionArgs) {
        const reviewId = ObjectIdText.safeParse('value' in action ? action.value : undefined);
        if (!reviewId.success) return;
        const ctx = await deps.decisions.prepare(clickerOf(body).teamId, reviewId.data, body.user.id);
        await client.views.push({ trigger_id: body.trigger_id, view: decisionDetailsModal(ctx) });
      },
    }),
  );

  // Picking a decision re-renders the modal with the fields that decision needs; typed values survive
  // because block and action ids stay the same. A hash conflict means a newer choice already
  // re-rendered the modal: like any other failure here it is only logged.
  app.action<BlockAction>(
    Ids.decision.choice,
    onAction(deps.logger, {
      flow: 'decide-choice',
      async handle({ body, client }: ActionArgs) {
        const view = body.view;
        const meta = decodeMetadata(DecisionMetadata, view?.private_metadata);
        const values = DecisionStateValues.safeParse(view?.state.values);
        if (!view || !meta || !values.success) return;
        const ctx = await deps.decisions.prepare(clickerOf(body).teamId, meta.reviewId, body.user.id);
        await client.views.update({
          view_id: view.id,
          hash: view.hash,
          view: decisionModal({ ...ctx, chosen: readChoice(values.data), metadata: view.private_metadata }),
        });
      },
    }),
  );

  app.view(
    Ids.decision.modal,
    onViewSubmission(deps.logger, {
      flow: 'decide-submit',
      parse({ body, view }: ViewArgs) {
        const meta = decodeMetadata(DecisionMetadata, view.private_metadata);
        const values = DecisionStateValues.safeParse(view.state.values);
        if (!meta || !values.success) {
          const message = 'This form is out of date; close it and open Record decision again.';
          return {
            ok: false as const,
            ack: { response_action: 'errors' as const, errors: { [DecisionField.choice]: message } },
          };
        }
        return { ok: true as const, input: { ...clickerOf(body), meta, values: values.data } };
      },
      async run({ teamId, userId, meta, values }: DecisionSubmission) {
        const planSignals = planSignalsIn(values);
        const tz = await deps.replies.timeZoneOf(teamId, userId);
        return deps.decisions.record({
          teamId,
          reviewId: meta.reviewId,
          round: meta.round,
          userId,
          draft: readDecisionState(values, planSignals),
          planSignals,
          today: localDay(deps.clock.now(), tz),
        });
      },
      render: () => undefined,
      // Keep the modal open with everything typed: each message goes on the field to fix, anything else
      // (a database failure, an unexpected error) on the choice, with a correlation id.
      errors: (error: unknown, text: () => string) => {
        const errors = fieldErrors(error, { block: DecisionField.choice }, text);
        return {
          response_action: 'errors',
          errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, clip(v, 300)])),
        };
      },
      followUps: (outcome: Awaited<ReturnType<DecisionService['record']>>) => [
        { step: 'decide-announce', run: () => deps.decisions.announce(outcome) },
        { step: 'decide-record', run: () => deps.decisions.publishRecord(outcome) },
      ],
    }),
  );
}
