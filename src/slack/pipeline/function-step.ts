import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import { explainError } from '../respond-error.js';

/** What a Workflow Builder step ends with: outputs for `complete`, or what to fix for `fail`. */
export type StepResult<O extends Record<string, unknown> = Record<string, unknown>> =
  | { ok: true; outputs: O }
  | { ok: false; error: string };

/** The workspace of the execution (from the event, never from the inputs) and the step's inputs. */
export interface StepCall {
  teamId: string;
  enterpriseId?: string;
  inputs: Record<string, unknown>;
}

/**
 * The one wrapper for `app.function` (custom steps): Bolt has acknowledged `function_executed`; the step
 * runs and ends with `complete` or `fail`. An unexpected error is logged with a reference and the
 * workflow is told (explainError's words), so an execution never hangs until Slack's timeout.
 */
export function onFunctionExecuted(logger: Logger, spec: { flow: string; run(call: StepCall): Promise<StepResult> }) {
  return async ({
    inputs,
    complete,
    fail,
    context,
    body,
  }: SlackEventMiddlewareArgs<'function_executed'> & AllMiddlewareArgs) => {
    const teamId = context.teamId ?? body.team_id;
    const call: StepCall = { teamId, ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}), inputs };
    let result: StepResult;
    try {
      result = await spec.run(call);
    } catch (error) {
      result = { ok: false, error: explainError(error, logger, { teamId, flow: spec.flow }) };
    }
    if (result.ok) await complete({ outputs: result.outputs });
    else await fail({ error: result.error });
  };
}
