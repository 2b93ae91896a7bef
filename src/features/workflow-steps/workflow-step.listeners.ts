import type { App } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import { Ids } from '../../slack/ids.js';
import { explainError } from '../../slack/respond-error.js';
import type { StepCall, StepResult, WorkflowStepService } from './workflow-step.service.js';

export interface WorkflowStepListenerDeps {
  steps: WorkflowStepService;
  logger: Logger;
}

type Step = (call: StepCall) => Promise<StepResult<Record<string, unknown>>>;

/**
 * The Workflow Builder steps of slack-manifest.yml `functions`. Bolt acknowledges `function_executed`
 * at once; the step then ends with `complete` (outputs) or `fail` (what to fix, naming the input). An
 * unexpected failure is logged with a reference and the workflow is told, so it never hangs.
 */
export function registerWorkflowStepListeners(app: App, deps: WorkflowStepListenerDeps): void {
  const steps: Record<string, Step> = {
    [Ids.workflow.openReview]: (call) => deps.steps.openReview(call),
    [Ids.workflow.gateStatus]: (call) => deps.steps.gateStatus(call),
  };
  for (const [callbackId, run] of Object.entries(steps)) {
    app.function(callbackId, async ({ inputs, complete, fail, context, body }) => {
      const teamId = context.teamId ?? body.team_id;
      const call: StepCall = {
        teamId,
        ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
        inputs,
      };
      let result: StepResult<Record<string, unknown>>;
      try {
        result = await run(call);
      } catch (error) {
        result = { ok: false, error: explainError(error, deps.logger, { teamId, flow: `workflow-${callbackId}` }) };
      }
      if (result.ok) await complete({ outputs: result.outputs });
      else await fail({ error: result.error });
    });
  }
}
