import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewResponseAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Deps } from '../../app/deps.js';
import { ROLE_LABELS } from '../../core/catalog.domain.js';
import { isDomainError } from '../../shared/errors.js';
import { clip } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { decodeMetadata } from '../../slack/private-metadata.js';
import { explainError } from '../../slack/respond-error.js';
import { tellUser, actorOf as who } from '../../slack/tell-user.js';
import { PickerMetadata, QuestionnaireMetadata, ReviewIdValue, RoleValue } from './answer-flow.schema.js';
import {
  missingNotice,
  noRoleMessage,
  notice,
  noticeModal,
  questionnairePageModal,
  rolePickerModal,
} from './answer-flow.views.js';
import { LOCKED_MESSAGE, type PageOutcome, type QuestionnaireOpen } from './questionnaire.service.js';
import { readPageInputs } from './questionnaire.state.js';

const OUT_OF_DATE = 'This button is out of date. Use *Answer my questions* on the latest review card.';

const pageView = (open: QuestionnaireOpen, extra: { viaPicker?: boolean; notice?: string } = {}): ModalView =>
  questionnairePageModal({ ...open, pilotName: open.pilot.name, reviewId: open.reviewId, ...extra });

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function registerQuestionnaireListeners(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(Ids.review.answerButton, (args) => openAnswering(deps, args));
  app.action<BlockAction<ButtonAction>>(Ids.review.rolePicker, (args) => openPickedRole(deps, args));
  app.view<ViewSubmitAction>(Ids.review.questionnaireModal, (args) => submitQuestionnairePage(deps, args));
}

/** *Answer my questions* (card and invite DM): the caller's questionnaire, a role picker, or who holds what. */
async function openAnswering(deps: Deps, { ack, body, action, client }: ButtonArgs): Promise<void> {
  await ack();
  const { teamId, userId } = who(body);
  const reviewId = ReviewIdValue.safeParse(action.value);
  if (!reviewId.success) return tellUser(deps, body, notice(OUT_OF_DATE));
  const service = deps.services.questionnaires;
  try {
    const opening = await service.opening({ teamId, reviewId: reviewId.data, userId });
    const { pilot, review, roles } = opening;
    if (roles.length === 0) return tellUser(deps, body, noRoleMessage(pilot));
    if (opening.locked) return tellUser(deps, body, notice(`${LOCKED_MESSAGE} for ${pilot.name}.`));
    const view =
      roles.length > 1
        ? rolePickerModal({ pilot, reviewId: review.id, roles, answeredRoles: review.answeredRoles })
        : pageView(await service.questionnaire({ teamId, reviewId: review.id, userId, role: roles[0]! }));
    await client.views.open({ trigger_id: body.trigger_id, view });
  } catch (error) {
    const text = explainError(error, deps.logger, { teamId, flow: 'answer-open' });
    await tellUser(deps, body, notice(`I could not open your questions. ${text}`));
  }
}

/** A role chosen in the picker: the picker becomes that role's questionnaire (views.update). */
async function openPickedRole(deps: Deps, { ack, body, action, client }: ButtonArgs): Promise<void> {
  await ack();
  const { teamId, userId } = who(body);
  const meta = decodeMetadata(PickerMetadata, body.view?.private_metadata);
  const role = RoleValue.safeParse(action.value);
  if (!meta || !role.success || !body.view) return tellUser(deps, body, notice(OUT_OF_DATE));
  const viewId = body.view.id;
  try {
    const open = await deps.services.questionnaires.questionnaire({
      teamId,
      reviewId: meta.reviewId,
      userId,
      role: role.data,
    });
    await client.views.update({ view_id: viewId, hash: body.view.hash, view: pageView(open, { viaPicker: true }) });
  } catch (error) {
    // Nothing was written: say so on the picker itself, or by DM when Slack refuses that too.
    const why = isDomainError(error) ? error.message : explainError(error, deps.logger, { teamId, flow: 'pick-role' });
    const text = `I could not open the ${ROLE_LABELS[role.data]} questions. ${why} Your saved answers are unchanged.`;
    await showOnPicker(deps, client, { teamId, userId, reviewId: meta.reviewId, viewId, text }).catch(() =>
      tellUser(deps, body, notice(text)),
    );
  }
}

/**
 * A submitted questionnaire page. Validation and saving happen before the ack, so a refusal or a failed
 * save keeps the modal open with an inline error; the card is refreshed after the ack.
 */
async function submitQuestionnairePage(deps: Deps, { ack, body, view }: SubmitArgs): Promise<void> {
  const { teamId, userId } = who(body);
  const meta = decodeMetadata(QuestionnaireMetadata, view.private_metadata);
  if (!meta) {
    const text = 'This form is out of date and nothing was saved. Close it and click Answer my questions again.';
    await ack({ response_action: 'update', view: noticeModal('Form out of date', text) });
    return;
  }
  let outcome: PageOutcome;
  try {
    outcome = await deps.services.questionnaires.submitPage({
      teamId,
      userId,
      ...meta,
      inputs: readPageInputs(view.state.values),
    });
  } catch (error) {
    await ack({ response_action: 'errors', errors: errorsOnPage(deps, view.blocks, error, teamId) });
    return;
  }
  if (outcome.kind !== 'saved') {
    await ack(pageResponse(outcome, meta.viaPicker === true));
    return;
  }
  const { pilot, review, roles, answeredRoles } = outcome;
  // Someone answering several roles through the picker goes back to it for the roles still open.
  const backToPicker = meta.viaPicker === true && roles.some((r) => !answeredRoles.includes(r));
  await ack(
    backToPicker
      ? { response_action: 'update', view: rolePickerModal({ pilot, reviewId: review.id, roles, answeredRoles }) }
      : undefined,
  );
  // Statuses, card and threads after the ack, a few at a time across all submissions (acks go first);
  // a later save by the same person on the same review replaces one still waiting.
  deps.afterAck.push(`publish:${teamId}:${review.id}:${userId}`, async () => {
    try {
      await deps.services.questionnaires.publish(teamId, review.id, userId);
    } catch (error) {
      const text = explainError(error, deps.logger, { teamId, reviewId: review.id, flow: 'answer-publish' });
      const msg = notice(`Your answers for ${pilot.name} are saved, but the review card is not updated yet. ${text}`);
      await deps.notifier.dm(teamId, userId, msg).catch(() => undefined);
    }
  });
}

/** The ack for a page that did not complete the questionnaire: inline errors or the page to show next. */
function pageResponse(outcome: Exclude<PageOutcome, { kind: 'saved' }>, viaPicker: boolean): ViewResponseAction {
  if (outcome.kind === 'invalid') return { response_action: 'errors', errors: outcome.errors };
  const text = outcome.kind === 'incomplete' ? missingNotice(outcome.open.questionnaire, outcome.missing) : undefined;
  return { response_action: 'update', view: pageView(outcome.open, { viaPicker, ...(text ? { notice: text } : {}) }) };
}

/** The picker again, headed by what went wrong; throws when Slack refuses that too. */
async function showOnPicker(
  deps: Deps,
  client: { views: { update(args: { view_id: string; view: ModalView }): Promise<unknown> } },
  input: { teamId: string; userId: string; reviewId: string; viewId: string; text: string },
): Promise<void> {
  const { pilot, review, roles } = await deps.services.questionnaires.opening(input);
  const view = rolePickerModal({
    pilot,
    reviewId: review.id,
    roles,
    answeredRoles: review.answeredRoles,
    notice: input.text,
  });
  await client.views.update({ view_id: input.viewId, view });
}

/** Inline errors for a failed save: a DomainError's own fields, else its words on the page's first question. */
function errorsOnPage(deps: Deps, blocks: unknown[], error: unknown, teamId: string): Record<string, string> {
  const inputs = (blocks as { type?: string; block_id?: string }[])
    .filter((b) => b.type === 'input' && b.block_id)
    .map((b) => b.block_id as string);
  if (isDomainError(error)) {
    const onPage = Object.entries(error.fieldErrors).filter(([id]) => inputs.includes(id));
    if (onPage.length > 0) return Object.fromEntries(onPage);
    return { [inputs[0] ?? 'q:unknown']: clip(`${error.message.replace(/\.$/, '')}; nothing was saved.`, 300) };
  }
  const text = explainError(error, deps.logger, { teamId, flow: 'answer-save' });
  return { [inputs[0] ?? 'q:unknown']: clip(text, 300) };
}
