import type { App } from '@slack/bolt';
import { registerGateCommand } from '../features/commands/gate-command.listeners.js';
import { exportCommand } from '../features/commands/gate-export.listeners.js';
import { listCommand } from '../features/commands/gate-list.listeners.js';
import { registerRemindButton, remindCommand } from '../features/commands/gate-remind.listeners.js';
import { rolesCommand } from '../features/commands/gate-roles.listeners.js';
import { statusCommand } from '../features/commands/gate-status.listeners.js';
import { decideCommand, registerDecisionListeners } from '../features/decisions/decision.listeners.js';
import { registerGapClosureListeners } from '../features/gap-closure/gap-closure.listeners.js';
import { registerHomeListeners } from '../features/home/home.listeners.js';
import { deleteCommand, registerPilotDeleteListeners } from '../features/lifecycle/gate-delete.listeners.js';
import { registerInstallListeners } from '../features/lifecycle/install.listeners.js';
import { keepWorkspaceData, recordUninstall } from '../features/lifecycle/uninstall.service.js';
import { registerNudgeListeners } from '../features/nudges/nudge.listeners.js';
import { registerPilotListeners, startCommand } from '../features/pilots/pilot.listeners.js';
import { registerQuestionnaireListeners } from '../features/questionnaires/questionnaire.listeners.js';
import { registerReconfirmListeners } from '../features/reviews/reconfirm.listeners.js';
import { registerReviewDetailsListeners } from '../features/reviews/review-details.listeners.js';
import { registerRoleChangeListeners } from '../features/reviews/role-change.listeners.js';
import { registerReview90Listeners } from '../features/reviews90/review90.listeners.js';
import { registerSettingsListeners, settingsCommand } from '../features/settings/settings.listeners.js';
import { registerWorkflowStepListeners } from '../features/workflow-steps/workflow-step.listeners.js';
import { installAckTimer } from '../metrics/ack-timer.js';
import { installAckFallback } from '../slack/ack-fallback.js';
import { explainError } from '../slack/respond-error.js';
import type { Composed } from './composed.js';

/**
 * Wires every feature's listeners onto the app. Each listener file declares the narrow set of services
 * it uses; this is the one place that builds those sets from the composed app.
 */
export function registerListeners(app: App, deps: Composed): void {
  const { logger, clock, services, repos } = deps;
  const { replies, nudges } = services;
  const lookup = { repos: { pilots: repos.pilots, reviews: repos.reviews }, services: { audience: services.audience } };
  const commands = { commands: services.commands, lookup };
  const decisions = { decisions: services.decisions, replies, clock, logger };
  const settings = { settings: services.workspaceSettings, logger };
  const pilotDelete = {
    pilotDelete: services.pilotDelete,
    lookup,
    isGateAdmin: (teamId: string, userId: string) => deps.isGateAdmin(teamId, userId),
    logger,
  };

  installAckFallback(app, logger);
  installAckTimer(app, deps.metrics);
  registerInstallListeners(app, {
    auth: deps.auth,
    lifecycle: {
      keep: (teamId) => keepWorkspaceData(deps, teamId),
      recordUninstall: (teamId, why) => recordUninstall(deps, teamId, why),
    },
    forgetClients: () => deps.clients.forget(),
    replies,
    logger,
  });
  registerGateCommand(app, logger, {
    start: startCommand({
      separationFor: (teamId) => deps.separationFor(teamId),
      isGateAdmin: (teamId, userId) => deps.isGateAdmin(teamId, userId),
    }),
    decide: decideCommand(decisions),
    roles: rolesCommand({ lookup, roleChanges: services.roleChanges }),
    status: statusCommand(commands),
    list: listCommand(commands),
    remind: remindCommand(commands),
    export: exportCommand(commands),
    settings: settingsCommand(settings),
    delete: deleteCommand(pilotDelete),
  });
  registerPilotListeners(app, {
    pilots: services.pilots,
    reviews: services.reviews,
    audience: services.audience,
    replies,
    clock,
    logger,
  });
  registerDecisionListeners(app, decisions);
  registerRemindButton(app, {
    commands: services.commands,
    reviews: repos.reviews,
    pilots: repos.pilots,
    replies,
    logger,
  });
  registerGapClosureListeners(app, { gapClosure: services.gapClosure, replies, logger });
  registerQuestionnaireListeners(app, {
    questionnaires: services.questionnaires,
    replies,
    afterAck: deps.afterAck,
    logger,
  });
  registerReviewDetailsListeners(app, { reviewDetails: services.reviewDetails, replies, logger });
  registerReconfirmListeners(app, { reconfirm: services.reconfirm, replies, logger });
  registerRoleChangeListeners(app, { roleChanges: services.roleChanges, logger });
  registerNudgeListeners(app, { nudges, replies, clock, logger });
  registerSettingsListeners(app, settings);
  registerHomeListeners(app, {
    home: services.home,
    intro: services.channelIntro,
    logger,
  });
  registerReview90Listeners(app, { review90: services.review90, replies, logger });
  registerPilotDeleteListeners(app, pilotDelete);
  registerWorkflowStepListeners(app, { steps: services.workflowSteps, logger });
  app.error(async (error) => {
    explainError(error, logger, { where: 'bolt' });
  });
}
