import type { Settings } from '../config/settings.js';
import { EnvBot } from '../features/install/env-bot.js';
import { InstallationRepo } from '../features/install/installation.repo.js';
import { TokenCipher } from '../features/install/token-cipher.js';
import { BOT_SCOPES, WorkspaceAuth } from '../features/install/workspace-auth.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { OAuthInstall } from '../slack/app.js';
import { type BotIdentity, verifyBotToken } from '../slack/verify-bot-token.js';

/**
 * Token resolution for the composition root: with TOKEN_ENCRYPTION_KEY the installation store (OAuth,
 * many workspaces) backed by SLACK_BOT_TOKEN; without it SLACK_BOT_TOKEN alone (single workspace).
 * After a key rotation, tokens sealed with a previous key are re-sealed in the background.
 * `envIdentity` is start-up's auth.test of SLACK_BOT_TOKEN: its team is the one workspace that token serves.
 */
export function setupWorkspaceAuth(
  settings: Settings,
  logger: Logger,
  clock: Clock,
  envIdentity: BotIdentity = null,
): { auth: WorkspaceAuth; install?: OAuthInstall } {
  const now = () => clock.now();
  const token = settings.slack.botToken;
  const envBot = token
    ? new EnvBot(token, envIdentity?.teamId ?? null, async () => {
        const identity = await verifyBotToken(token, settings.slack.apiUrl, logger);
        return identity?.teamId ?? null;
      })
    : undefined;
  if (!settings.tokenEncryptionKey) {
    return { auth: new WorkspaceAuth(null, envBot, logger, now) };
  }
  const cipher = new TokenCipher(settings.tokenEncryptionKey, settings.previousTokenEncryptionKeys);
  const repo = new InstallationRepo(cipher);
  const auth = new WorkspaceAuth(repo, envBot, logger, now);
  if (settings.previousTokenEncryptionKeys.length > 0) {
    repo.resealAll().then(
      (count) =>
        logger.info({ count, keyId: cipher.currentKeyId }, 'installation tokens re-sealed with the current key'),
      (err: unknown) =>
        logger.error({ err }, 'could not re-seal installation tokens; they still open with the old key'),
    );
  }
  return {
    auth,
    ...(settings.slack.oauth ? { install: { installationStore: auth.installationStore(), scopes: BOT_SCOPES } } : {}),
  };
}
