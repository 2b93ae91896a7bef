import type { App, BlockAction, ButtonAction, ViewResponseAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { ROLE_LABELS } from '../../core/catalog.domain.js';
import type { AfterAckQueue } from '../../shared/after-ack-queue.js';
import { isDomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { clip } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { type ActionArgs, clickerOf, onAction } from '../../slack/pipeline/action.js';
import { orElse, runFollowUps } from '../../slack/pipeline/follow-up.js';
import { onViewSubmission, type ViewArgs } from '../../slack/pipeline/view-submission.js';
import { decodeMetadata } from '../../slack/private-metadata.js';
import type { Replies } from '../../slack/replies.js';
import { PickerMetadata, QuestionnaireMetadata, ReviewIdValue, RoleValue, SignalValue } from './answer-flow.schema.js';
import { noRoleMessage, notice, noticeModal, questionnairePageModal, rolePickerModal } from './answer-flow.views.js';
import {
  LOCKED_MESSAGE,
  type PageOutcome,
  type QuestionnaireOpen,
  type QuestionnaireService,
} from './questionnaire.service.js';
import { type PageInputs, readPageInputs } from './questionnaire.state.js';
import { withAnotherLinkRow } from './questionnaire-evidence.views.js';

/** What the questionnaire listeners use. */
export interface QuestionnaireListenerDeps {
  questionnaires: QuestionnaireService;
  replies: Replies;
  /** Follow-up work of answered requests, a few at a time so acks go first. */
  afterAck: AfterAckQueue;
  logger: Logger;
}

const OUT_OF_DATE = 'This button is out of date. Use *Answer my questions* on the latest review card.';

const pageView = (open: QuestionnaireOpen, extra: { viaPicker?: boolean; missing?: string[] } = {}): ModalView =>
  questionnairePageModal({
    ...open,
    pilotName: open.pilot.name,
    reviewId: open.reviewId,
    kpis: open.pilot.kpis,
    kpiValidationDate: open.pilot.plannedKpiValidationDate,
    ...extra,
  });

type ButtonArgs = ActionArgs<BlockAction<ButtonAction>>;

interface PageSubmission {
  meta: QuestionnaireMetadata;
  teamId: string;
  userId: string;
  inputs: PageInputs;
}

export function registerQuestionnaireListeners(app: App, deps: QuestionnaireListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(Ids.review.answerButton, onAction(deps.logger, openAnswering(deps)));
  app.action<BlockAction<ButtonAction>>(Ids.review.rolePicker, onAction(deps.logger, openPickedRole(deps)));
  app.view(Ids.review.questionnaireModal, onViewSubmission(deps.logger, submitPage(deps)));
  app.action<BlockAction<ButtonAction>>(Ids.review.addEvidenceLink, onAction(deps.logger, addEvidenceLink(deps)));
}

/**
 * *Add another link* under a signal's evidence: the same page with one more link row. Only the view's
 * blocks change (same block ids elsewhere), so Slack keeps everything typed so far; nothing is read or saved.
 */
const addEvidenceLink = (deps: QuestionnaireListenerDeps) => ({
  flow: 'evidence-add-link',
  async handle({ body, action, client }: ButtonArgs) {
    const signal = SignalValue.safeParse(action.value);
    const view = body.view;
    if (!signal.success || !view || view.type !== 'modal') return;
    const current = {
      type: 'modal' as const,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      title: view.title,
      ...(view.submit ? { submit: view.submit } : {}),
      ...(view.close ? { close: view.close } : {}),
      blocks: view.blocks,
    } as ModalView;
    await client.views.update({ view_id: view.id, hash: view.hash, view: withAnotherLinkRow(current, signal.data) });
  },
  tell: ({ body }: ButtonArgs, text: string) =>
    deps.replies.toClicker(
      body,
      notice(`I could not add another link field. ${text} What you typed is still in the form.`),
    ),
});

/** *Answer my questions* (card and invite DM): the caller's questionnaire, a role picker, or who holds what. */
const openAnswering = (deps: QuestionnaireListenerDeps) => ({
  flow: 'answer-open',
  async handle({ body, action, client }: ButtonArgs) {
    const { teamId, userId } = clickerOf(body);
    const reviewId = ReviewIdValue.safeParse(action.value);
    if (!reviewId.success) return deps.replies.toClicker(body, notice(OUT_OF_DATE));
    const service = deps.questionnaires;
    // One role: its first page comes with the opening, from the same reads of the review and pilot.
    const opening = await service.opening({ teamId, reviewId: reviewId.data, userId, withPage: true });
    const { pilot, review, roles } = opening;
    if (roles.length === 0) return deps.replies.toClicker(body, noRoleMessage(pilot));
    if (opening.locked) return deps.replies.toClicker(body, notice(`${LOCKED_MESSAGE} for ${pilot.name}.`));
    const view =
      roles.length > 1 || !opening.page
        ? rolePickerModal({ pilot, reviewId: review.id, roles, answeredRoles: review.answeredRoles })
        : pageView(opening.page);
    await client.views.open({ trigger_id: body.trigger_id, view });
  },
  tell: ({ body }: ButtonArgs, text: string) =>
    deps.replies.toClicker(body, notice(`I could not open your questions. ${text}`)),
});

/** A role chosen in the picker: the picker becomes that role's questionnaire (views.update). */
const openPickedRole = (deps: QuestionnaireListenerDeps) => {
  const read = ({ body, action }: ButtonArgs) => {
    const meta = decodeMetadata(PickerMetadata, body.view?.private_metadata);
    const role = RoleValue.safeParse(action.value);
    return meta && role.success && body.view ? { meta, role: role.data, view: body.view } : null;
  };
  return {
    flow: 'pick-role',
    async handle(args: ButtonArgs) {
      const { teamId, userId } = clickerOf(args.body);
      const picked = read(args);
      if (!picked) return deps.replies.toClicker(args.body, notice(OUT_OF_DATE));
      const { meta, role, view } = picked;
      const open = await deps.questionnaires.questionnaire({ teamId, reviewId: meta.reviewId, userId, role });
      await args.client.views.update({ view_id: view.id, hash: view.hash, view: pageView(open, { viaPicker: true }) });
    },
    // Nothing was written: say so on the picker itself, or by DM when Slack refuses that too.
    async tell(args: ButtonArgs, why: string) {
      const { teamId, userId } = clickerOf(args.body);
      const { meta, role, view } = read(args)!;
      const text = `I could not open the ${ROLE_LABELS[role]} questions. ${why} Your saved answers are unchanged.`;
      await orElse(
        deps.logger,
        { teamId, userId, flow: 'pick-role' },
        'could not show the error on the picker; telling the user by DM',
        () => showOnPicker(deps, args.client, { teamId, userId, reviewId: meta.reviewId, viewId: view.id, text }),
        () => deps.replies.toClicker(args.body, notice(text)),
      );
    },
  };
};

/**
 * A submitted questionnaire page. Validation and saving happen before the ack, so a refusal or a failed
 * save keeps the modal open with an inline error; the card is refreshed after the ack.
 */
const submitPage = (deps: QuestionnaireListenerDeps) => ({
  flow: 'answer-save',
  parse({ view, body }: ViewArgs) {
    const meta = decodeMetadata(QuestionnaireMetadata, view.private_metadata);
    const { teamId, userId } = clickerOf(body);
    if (meta) return { ok: true as const, input: { meta, teamId, userId, inputs: readPageInputs(view.state.values) } };
    const text = 'This form is out of date and nothing was saved. Close it and click Answer my questions again.';
    return {
      ok: false as const,
      ack: { response_action: 'update' as const, view: noticeModal('Form out of date', text) },
    };
  },
  run: ({ meta, teamId, userId, inputs }: PageSubmission) =>
    deps.questionnaires.submitPage({ teamId, userId, ...meta, inputs }),
  render(outcome: PageOutcome, { meta }: PageSubmission): ViewResponseAction | undefined {
    const viaPicker = meta.viaPicker === true;
    if (outcome.kind !== 'saved') return pageResponse(outcome, viaPicker);
    const { pilot, review, roles, answeredRoles } = outcome;
    // Someone answering several roles through the picker goes back to it for the roles still open.
    const backToPicker = viaPicker && roles.some((r) => !answeredRoles.includes(r));
    return backToPicker
      ? { response_action: 'update', view: rolePickerModal({ pilot, reviewId: review.id, roles, answeredRoles }) }
      : undefined;
  },
  errors: (error: unknown, text: () => string, { view }: ViewArgs): ViewResponseAction => ({
    response_action: 'errors',
    errors: errorsOnPage(view.blocks, error, text),
  }),
  followUps(outcome: PageOutcome, { teamId, userId }: PageSubmission) {
    if (outcome.kind !== 'saved') return [];
    const { pilot, review } = outcome;
    // Statuses, card and threads after the ack, a few at a time across all submissions (acks go first);
    // a later save by the same person on the same review replaces one still waiting.
    const publish = {
      step: 'answer-publish',
      // The audit event is stored; its chain head and the answer's marker follow the reply. A later
      // save replacing this task has overwritten the marker and moves the head past it; a stop before
      // it leaves both to the repair job.
      run: () => deps.questionnaires.publish(teamId, review.id, userId, outcome.finishAudit),
      tell: async (text: string) => {
        await deps.replies.dm(
          teamId,
          userId,
          notice(`Your answers for ${pilot.name} are saved, but the review card is not updated yet. ${text}`),
        );
      },
    };
    return [
      {
        step: 'answer-publish-queue',
        run: async () =>
          deps.afterAck.push(`publish:${teamId}:${review.id}:${userId}`, () =>
            runFollowUps(deps.logger, { teamId, reviewId: review.id }, [publish]),
          ),
      },
    ];
  },
});

/** The ack for a page that did not complete the questionnaire: inline errors, or the page to show next. */
function pageResponse(outcome: Exclude<PageOutcome, { kind: 'saved' }>, viaPicker: boolean): ViewResponseAction {
  if (outcome.kind === 'invalid') return { response_action: 'errors', errors: outcome.errors };
  // Missing answers of an earlier page: Slack's errors only reach the submitted view, so the page that
  // holds them replaces it with each one flagged under its field.
  const missing = outcome.kind === 'incomplete' ? { missing: outcome.missing } : {};
  return { response_action: 'update', view: pageView(outcome.open, { viaPicker, ...missing }) };
}

/** The picker again, headed by what went wrong; throws when Slack refuses that too. */
async function showOnPicker(
  deps: QuestionnaireListenerDeps,
  client: { views: { update(args: { view_id: string; view: ModalView }): Promise<unknown> } },
  input: { teamId: string; userId: string; reviewId: string; viewId: string; text: string },
): Promise<void> {
  const { pilot, review, roles } = await deps.questionnaires.opening(input);
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
function errorsOnPage(blocks: unknown[], error: unknown, text: () => string): Record<string, string> {
  const inputs = (blocks as { type?: string; block_id?: string }[])
    .filter((b) => b.type === 'input' && b.block_id)
    .map((b) => b.block_id as string);
  if (isDomainError(error)) {
    const onPage = Object.entries(error.fieldErrors).filter(([id]) => inputs.includes(id));
    if (onPage.length > 0) return Object.fromEntries(onPage);
    return { [inputs[0] ?? 'q:unknown']: clip(`${error.message.replace(/\.$/, '')}; nothing was saved.`, 300) };
  }
  return { [inputs[0] ?? 'q:unknown']: clip(text(), 300) };
}
