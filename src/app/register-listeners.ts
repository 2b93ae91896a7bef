import type { App } from '@slack/bolt';
import { registerGateCommand } from '../features/commands/gate-command.listeners.js';
import { exportCommand } from '../features/commands/gate-export.listeners.js';
import { listCommand } from '../features/commands/gate-list.listeners.js';
import { remindCommand } from '../features/commands/gate-remind.listeners.js';
import { statusCommand } from '../features/commands/gate-status.listeners.js';
import { decideCommand, registerDecisionListeners } from '../features/decisions/decision.listeners.js';
import { registerGapClosureListeners } from '../features/gap-closure/gap-closure.listeners.js';
import { registerHomeListeners } from '../features/home/home.listeners.js';
import { deleteCommand, registerPilotDeleteListeners } from '../features/lifecycle/gate-delete.listeners.js';
import { registerInstallListeners } from '../features/lifecycle/install.listeners.js';
import { registerNudgeListeners } from '../features/nudges/nudge.listeners.js';
import { registerPilotListeners, startCommand } from '../features/pilots/pilot.listeners.js';
import { registerQuestionnaireListeners } from '../features/questionnaires/questionnaire.listeners.js';
import { registerReviewDetailsListeners } from '../features/reviews/review-details.listeners.js';
import { registerReview90Listeners } from '../features/reviews90/review90.listeners.js';
import { registerSettingsListeners, settingsCommand } from '../features/settings/settings.listeners.js';
import { installAckTimer } from '../metrics/ack-timer.js';
import { installAckFallback } from '../slack/ack-fallback.js';
import { explainError } from '../slack/respond-error.js';
import type { Deps } from './deps.js';

/** Wires every feature's listeners onto the app; features own their ids, views and handlers. */
export function registerListeners(app: App, deps: Deps): void {
  installAckFallback(app, deps.logger);
  installAckTimer(app, deps.metrics);
  registerInstallListeners(app, deps);
  registerGateCommand(app, deps, {
    start: startCommand,
    decide: decideCommand,
    status: statusCommand,
    list: listCommand,
    remind: remindCommand,
    export: exportCommand,
    settings: settingsCommand,
    delete: deleteCommand,
  });
  registerPilotListeners(app, deps);
  registerDecisionListeners(app, deps);
  registerGapClosureListeners(app, deps);
  registerQuestionnaireListeners(app, deps);
  registerReviewDetailsListeners(app, deps);
  registerNudgeListeners(app, deps);
  registerSettingsListeners(app, deps);
  registerHomeListeners(app, deps);
  registerReview90Listeners(app, deps);
  registerPilotDeleteListeners(app, deps);
  app.error(async (error) => {
    explainError(error, deps.logger, { where: 'bolt' });
  });
}
