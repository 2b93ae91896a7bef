import { WebClient } from '@slack/web-api';
import { SettingsError } from '../config/settings.js';
import type { Logger } from '../shared/logger.js';
import { boltLogger } from './bolt-logger.js';

/** Slack's answers to auth.test that mean the token itself is wrong, not that Slack is unreachable. */
const REJECTED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

/** The bot behind a token, and the workspace the token belongs to (auth.test's team_id). */
export type BotIdentity = { botId: string; botUserId: string; teamId?: string } | null;

/**
 * Checks SLACK_BOT_TOKEN once at start-up. Bolt would otherwise call auth.test from its constructor
 * without awaiting it, so a rejected token or an unreachable Slack became an unhandled rejection.
 * A token Slack rejects stops start-up naming the setting; an unreachable Slack is logged and the
 * identity is looked up again on the first request.
 */
export async function verifyBotToken(token: string, apiUrl: string | undefined, logger: Logger): Promise<BotIdentity> {
  const client = new WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 200 },
    timeout: 5_000,
    logger: boltLogger(logger),
  });
  try {
    const res = await client.auth.test();
    if (res.bot_id && res.user_id) {
      return { botId: res.bot_id, botUserId: res.user_id, ...(res.team_id ? { teamId: res.team_id } : {}) };
    }
    logger.warn('auth.test returned no bot identity; Bolt will look it up per request');
    return null;
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code && REJECTED.has(code)) {
      throw new SettingsError([
        `SLACK_BOT_TOKEN: Slack rejected the token (${code}); copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page`,
      ]);
    }
    logger.warn(
      { err: error, slackApiUrl: apiUrl ?? 'https://slack.com/api/' },
      'cannot reach Slack to check SLACK_BOT_TOKEN; starting anyway',
    );
    return null;
  }
}
