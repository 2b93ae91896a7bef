import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { isDomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { explainError } from '../respond-error.js';
import { type FollowUp, runFollowUps } from './follow-up.js';

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** A parsed submission, or the ack that refuses it (a form out of date, someone no longer allowed). */
export type Parsed<I> = { ok: true; input: I } | { ok: false; ack: ViewResponseAction };

/** Where a failed run's words go when the error names no field of the form. */
export interface ErrorPlacement {
  /** The block that carries the message. */
  block: string;
  /** Shortens the message to fit the field (Slack shows about two lines under an input). */
  shorten?(text: string): string;
}

export interface ViewSubmissionFlow<I, O> {
  /** Names the flow in log lines. */
  flow: string;
  /** Reads metadata and state (zod); may look things up. Runs before the ack. */
  parse(args: ViewArgs): Parsed<I> | Promise<Parsed<I>>;
  /** The one service call, before the ack: its refusal keeps the modal open with everything typed. */
  run(input: I, args: ViewArgs): Promise<O>;
  /** The ack of a success; undefined closes the modal. */
  render(output: O, input: I): ViewResponseAction | undefined;
  /** The ack of a failure: a placement (DomainError fields, else the message on one block) or a function. */
  errors: ErrorPlacement | ((error: unknown, text: () => string, args: ViewArgs) => ViewResponseAction);
  /** Work after the ack; each step's failure is logged once and may be told to the person. */
  followUps?(output: O, input: I): FollowUp[];
}

/** Whose submission, in which workspace. */
export const submitterOf = (body: ViewSubmitAction) => ({
  teamId: body.team?.id ?? body.user.team_id ?? '',
  userId: body.user.id,
});

/**
 * Inline errors for a failed submission, keyed by block id for `response_action: 'errors'`: a
 * DomainError's own field messages, or else its message (or, for anything unexpected, the apology with
 * a correlation id that is also logged) on the placement's block.
 */
export function fieldErrors(error: unknown, placement: ErrorPlacement, text: () => string): Record<string, string> {
  if (isDomainError(error) && Object.keys(error.fieldErrors).length > 0) return error.fieldErrors;
  const shorten = placement.shorten ?? ((t: string) => t);
  return { [placement.block]: shorten(text()) };
}

/**
 * The listener of a modal submission: parse → call one service → render → ack, all within Slack's
 * 3 seconds, so a refusal or a failed save keeps the modal open with an inline error; then the
 * follow-ups. Nothing thrown reaches Bolt: an error before the ack becomes the ack's errors.
 */
export function onViewSubmission<I, O>(logger: Logger, spec: ViewSubmissionFlow<I, O>) {
  return async (args: ViewArgs): Promise<void> => {
    const { teamId, userId } = submitterOf(args.body);
    const context = { teamId, flow: spec.flow };
    let input: I | undefined;
    let output: O;
    try {
      const parsed = await spec.parse(args);
      if (!parsed.ok) {
        await args.ack(parsed.ack);
        return;
      }
      input = parsed.input;
      output = await spec.run(input, args);
    } catch (error) {
      const text = () => explainError(error, logger, context);
      const errors = spec.errors;
      await args.ack(
        typeof errors === 'function'
          ? errors(error, text, args)
          : { response_action: 'errors', errors: fieldErrors(error, errors, text) },
      );
      return;
    }
    await args.ack(spec.render(output, input));
    if (spec.followUps) await runFollowUps(logger, { teamId, userId }, spec.followUps(output, input));
  };
}
