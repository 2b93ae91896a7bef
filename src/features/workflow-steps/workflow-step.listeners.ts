import type { App } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import { Ids } from '../../slack/ids.js';
import { onFunctionExecuted } from '../../slack/pipeline/function-step.js';
import type { WorkflowStepService } from './workflow-step.service.js';

export interface WorkflowStepListenerDeps {
  steps: WorkflowStepService;
  logger: Logger;
}

/** The Workflow Builder steps of slack-manifest.yml `functions`, each ending with complete or fail. */
export function registerWorkflowStepListeners(app: App, deps: WorkflowStepListenerDeps): void {
  app.function(
    Ids.workflow.openReview,
    onFunctionExecuted(deps.logger, { flow: 'workflow-open-review', run: (call) => deps.steps.openReview(call) }),
  );
  app.function(
    Ids.workflow.gateStatus,
    onFunctionExecuted(deps.logger, { flow: 'workflow-gate-status', run: (call) => deps.steps.gateStatus(call) }),
  );
}
