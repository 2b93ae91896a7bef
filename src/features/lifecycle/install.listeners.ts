import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import type { Replies } from '../../slack/replies.js';
import { installerWelcome } from '../home/first-run.views.js';
import type { WorkspaceAuth } from '../install/workspace-auth.js';
import { NOT_INSTALLED_TEXT } from '../install/workspace-auth.js';

/** What the installation plumbing uses. */
export interface InstallListenerDeps {
  auth: Pick<WorkspaceAuth, 'uninstall' | 'onInstalled'>;
  /** The workspace's data retention: kept while installed, a purge scheduled on uninstall. */
  lifecycle: {
    keep(teamId: string): void;
    recordUninstall(teamId: string | undefined, why: string): Promise<void>;
  };
  /** Drops cached Web API clients, so a revoked token is never used again. */
  forgetClients(): void;
  replies: Pick<Replies, 'dm'>;
  logger: Logger;
}

/** Events Bolt delivers without authorizing them (there is no token left to authorize with). */
const UNINSTALL_EVENTS = new Set(['app_uninstalled', 'tokens_revoked']);

const eventType = (body: AnyMiddlewareArgs['body']): string | undefined =>
  (body as { event?: { type?: string } }).event?.type;

/**
 * Multi-workspace plumbing: requests from a workspace without an installation get a clear answer;
 * app_uninstalled and tokens_revoked delete the workspace's tokens (its jobs then skip it).
 */
export function registerInstallListeners(app: App, deps: InstallListenerDeps): void {
  deps.auth.onInstalled = (teamId, installerUserId) => {
    deps.lifecycle.keep(teamId);
    deps.replies
      .dm(teamId, installerUserId, installerWelcome())
      .catch((err: unknown) => deps.logger.warn({ err, teamId }, 'could not welcome the installer'));
  };
  app.use(async (args) => {
    const uninstalling = UNINSTALL_EVENTS.has(eventType(args.body) ?? '');
    if (args.context.botToken || uninstalling) {
      if (!uninstalling && args.context.teamId) deps.lifecycle.keep(args.context.teamId);
      await args.next();
      return;
    }
    deps.logger.warn({ teamId: args.context.teamId }, 'request from a workspace where PilotGate is not installed');
    if ('command' in args && args.command) {
      await args.ack({ response_type: 'ephemeral', text: NOT_INSTALLED_TEXT });
    } else if ('ack' in args && typeof args.ack === 'function') {
      await (args.ack as () => Promise<void>)();
    }
  });

  app.event('app_uninstalled', async ({ body, context }) => {
    await forgetWorkspace(deps, context.teamId ?? body.team_id, context.enterpriseId, 'app_uninstalled');
  });

  app.event('tokens_revoked', async ({ event, body, context }) => {
    // Only the bot token matters to PilotGate; revoked user tokens change nothing.
    if ((event.tokens.bot ?? []).length === 0) return;
    await forgetWorkspace(deps, context.teamId ?? body.team_id, context.enterpriseId, 'tokens_revoked');
  });
}

async function forgetWorkspace(
  deps: InstallListenerDeps,
  teamId: string | undefined,
  enterpriseId: string | undefined,
  why: string,
) {
  const removed = await deps.auth.uninstall(teamId, enterpriseId);
  deps.forgetClients();
  deps.logger.info({ teamId, enterpriseId, removed, why }, 'workspace tokens deleted; its jobs now skip it');
  await deps.lifecycle.recordUninstall(teamId, why);
}
