import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { EnvBot } from './env-bot.js';
import type { InstallationRepo, WorkspaceBot } from './installation.repo.js';

/** The bot scopes PilotGate asks for on install; the same list as slack-manifest.yml. */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'users:read',
  'files:write',
  'files:read',
  'channels:read',
  'groups:read',
] as const;

export const NOT_INSTALLED_TEXT =
  'PilotGate is not installed in this workspace (it was removed, or its access was revoked). ' +
  'A workspace admin can install it again from the app’s install page (/slack/install); pilots and audit trails are kept.';

/** Thrown when a job or service needs a workspace's token and PilotGate is not installed there; jobs skip such teams. */
export class NotInstalledError extends DomainError {
  constructor(readonly teamId: string) {
    super('unavailable', NOT_INSTALLED_TEXT);
    this.name = 'NotInstalledError';
  }
}

export const isNotInstalled = (e: unknown): e is NotInstalledError => e instanceof NotInstalledError;

/**
 * Which bot acts in a workspace. With an installation store (multi-workspace mode) a workspace's own
 * installation, else SLACK_BOT_TOKEN for the one workspace that token belongs to and no other (a job
 * for an uninstalled workspace must not borrow another workspace's token). Without a store (single
 * workspace) SLACK_BOT_TOKEN. Also Bolt's InstallationStore, so Bolt's OAuth routes store here.
 */
export class WorkspaceAuth {
  /** Called (not awaited) after an install is stored, e.g. to welcome the installer. */
  onInstalled?: (teamId: string, installerUserId: string) => void;

  constructor(
    private readonly repo: InstallationRepo | null,
    private readonly envBot: EnvBot | undefined,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  async bot(teamId: string | undefined, enterpriseId?: string): Promise<WorkspaceBot | null> {
    if (!this.repo) return this.envBot ? { token: this.envBot.token, isEnterpriseInstall: false } : null;
    const installed = await this.repo.botFor(teamId, enterpriseId);
    if (installed) return installed;
    return this.envBot && (await this.envBot.belongsTo(teamId))
      ? { token: this.envBot.token, isEnterpriseInstall: false }
      : null;
  }

  /** The workspace SLACK_BOT_TOKEN belongs to (GATE_ADMINS applies there only); null if unset or unknown. */
  async envTeamId(): Promise<string | null> {
    return this.envBot ? this.envBot.teamId() : null;
  }

  /** deps.clients' token resolver; throws NotInstalledError so jobs can recognise an uninstalled team. */
  readonly resolveToken = async (teamId: string, enterpriseId?: string): Promise<string> => {
    const bot = await this.bot(teamId, enterpriseId);
    if (!bot) throw new NotInstalledError(teamId);
    return bot.token;
  };

  readonly isInstalled = async (teamId: string, enterpriseId?: string): Promise<boolean> =>
    (await this.bot(teamId, enterpriseId)) !== null;

  /** Removes a workspace's (or org's) tokens after app_uninstalled / tokens_revoked. */
  async uninstall(teamId: string | undefined, enterpriseId?: string): Promise<number> {
    return this.repo ? this.repo.remove(teamId, enterpriseId) : 0;
  }

  /** The adapter Bolt's InstallProvider and authorize() call. */
  installationStore(): InstallationStore {
    const repo = this.repo;
    if (!repo) throw new Error('OAuth install needs TOKEN_ENCRYPTION_KEY to seal tokens at rest');
    return {
      storeInstallation: async (installation) => {
        if (!installation.bot?.token) throw new Error('the install grant carried no bot token');
        await repo.save(
          {
            isEnterpriseInstall: installation.isEnterpriseInstall === true,
            ...(installation.team?.id ? { teamId: installation.team.id, teamName: installation.team.name } : {}),
            ...(installation.enterprise?.id
              ? { enterpriseId: installation.enterprise.id, enterpriseName: installation.enterprise.name }
              : {}),
            ...(installation.appId ? { appId: installation.appId } : {}),
            botId: installation.bot.id,
            botUserId: installation.bot.userId,
            botScopes: installation.bot.scopes ?? [],
            botToken: installation.bot.token,
            installerUserId: installation.user.id,
          },
          this.now(),
        );
        this.logger.info(
          { teamId: installation.team?.id, enterpriseId: installation.enterprise?.id },
          'PilotGate installed (bot token sealed at rest)',
        );
        if (installation.team?.id && installation.user.id)
          this.onInstalled?.(installation.team.id, installation.user.id);
      },
      fetchInstallation: async (query) => this.fetch(query),
      deleteInstallation: async (query) => {
        await this.uninstall(query.teamId, query.enterpriseId);
      },
    };
  }

  /**
   * An installation for Bolt's authorize(). A workspace without one gets an installation with no bot:
   * authorize() then succeeds without a token, and a global middleware tells the person PilotGate is
   * not installed instead of Slack showing a silent failure.
   */
  private async fetch(query: InstallationQuery<boolean>): Promise<Installation> {
    const bot = await this.bot(query.teamId, query.enterpriseId);
    const team = query.teamId ? { id: query.teamId } : undefined;
    const enterprise = query.enterpriseId ? { id: query.enterpriseId } : undefined;
    const base = { team, enterprise, user: { token: undefined, scopes: undefined, id: query.userId ?? '' } };
    if (!bot) return base as Installation;
    return {
      ...base,
      isEnterpriseInstall: bot.isEnterpriseInstall,
      bot: { token: bot.token, id: bot.botId ?? '', userId: bot.botUserId ?? '', scopes: [] },
    } as Installation;
  }
}
