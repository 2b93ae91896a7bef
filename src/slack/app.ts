import { App, type CustomRoute, HTTPReceiver, type InstallationStore, type Receiver } from '@slack/bolt';
import slackWebApi, { type FetchFunction, type RetryOptions } from '@slack/web-api';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../shared/logger.js';
import { boltLogger } from './bolt-logger.js';
import { SLACK_REQUEST_TIMEOUT_MS } from './retry-after-client.js';
import type { BotIdentity } from './verify-bot-token.js';

/** Multi-workspace install (OAuth v2, one installation per workspace): Bolt's OAuth routes store installations here. */
export interface OAuthInstall {
  installationStore: InstallationStore;
  scopes: readonly string[];
}

export interface HealthChecks {
  /** Is the database reachable? Drives `/readyz`. */
  ready(): Promise<boolean>;
}

/** At most three attempts within about two seconds (429s still wait their Retry-After). */
const INTERACTIVE_RETRIES: RetryOptions = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1_000 };

const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * Builds the Bolt app: HTTP mode at /slack/events with /healthz and /readyz (production behind a
 * load balancer), or Socket Mode when SLACK_APP_TOKEN is set (development). Every Web API client
 * honours SLACK_API_URL.
 */
export function createSlackApp(
  settings: Settings,
  logger: Logger,
  health: HealthChecks,
  install?: OAuthInstall,
  botIdentity: BotIdentity = null,
  /** More HTTP routes beside /slack/events (GET /metrics when METRICS=on), and a fetch that counts Slack calls. */
  extras: { routes?: CustomRoute[]; fetch?: FetchFunction } = {},
): { app: App; receiver?: HTTPReceiver } {
  const clientOptions = {
    ...(settings.slack.apiUrl ? { slackApiUrl: settings.slack.apiUrl } : {}),
    ...(extras.fetch ? { fetch: extras.fetch } : {}),
    // Listeners use this client for views.open/update, whose trigger or view is stale within seconds;
    // the WebClient default (ten retries over about 30 minutes) would leave the person waiting for an
    // answer that never comes. A couple of quick retries, then the listener says what went wrong.
    retryConfig: settings.nodeEnv === 'test' ? slackWebApi.retryPolicies.rapidRetryPolicy : INTERACTIVE_RETRIES,
    timeout: SLACK_REQUEST_TIMEOUT_MS,
  };
  // With OAuth, Bolt authorizes each request from the installation store (which falls back to
  // SLACK_BOT_TOKEN), so no single token is given to the App.
  const oauth: Partial<ReturnType<typeof oauthOptions>> =
    settings.slack.oauth && install ? oauthOptions(settings.slack.oauth, install, clientOptions) : {};
  const common = {
    ...(settings.slack.oauth && install ? {} : { token: settings.slack.botToken }),
    // The token was checked at start-up (verifyBotToken); never let Bolt call auth.test unawaited.
    ...(botIdentity ? { botId: botIdentity.botId, botUserId: botIdentity.botUserId } : {}),
    tokenVerificationEnabled: false,
    logger: boltLogger(logger),
    clientOptions,
    // Acks go out as soon as a listener calls ack(); the rest of the work follows.
    processBeforeResponse: false,
  };
  if (settings.slack.appToken) {
    const app = new App({
      ...common,
      appToken: settings.slack.appToken,
      socketMode: true,
      // In Socket Mode, apps.connections.open uses installerOptions.clientOptions, not clientOptions at the top level.
      ...oauth,
      installerOptions: { ...oauth.installerOptions, clientOptions },
    });
    return { app };
  }
  const receiver = new HTTPReceiver({
    signingSecret: settings.slack.signingSecret ?? '',
    endpoints: '/slack/events',
    logger: boltLogger(logger),
    bodyLimit: '1mb',
    ...oauth,
    customRoutes: [
      { path: '/healthz', method: 'GET', handler: (_req, res) => json(res, 200, { ok: true }) },
      {
        path: '/readyz',
        method: 'GET',
        handler: (_req, res) => {
          health.ready().then(
            (ok) => json(res, ok ? 200 : 503, { ok, database: ok ? 'reachable' : 'unreachable' }),
            () => json(res, 503, { ok: false, database: 'unreachable' }),
          );
        },
      },
      ...(extras.routes ?? []),
    ],
  });
  const app = new App({ ...common, receiver: receiver as Receiver });
  return { app, receiver };
}

/**
 * Bolt's OAuth routes: GET /slack/install (straight to Slack's consent page, state cookie set) and
 * GET /slack/oauth_redirect. `installerOptions.clientOptions` is what the InstallProvider uses for
 * oauth.v2.access and auth.test, so it must point at SLACK_API_URL too.
 */
function oauthOptions(
  oauth: NonNullable<Settings['slack']['oauth']>,
  install: OAuthInstall,
  clientOptions: { slackApiUrl?: string; fetch?: FetchFunction },
) {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: [...install.scopes],
    installationStore: install.installationStore,
    installerOptions: {
      directInstall: true,
      installPath: '/slack/install',
      redirectUriPath: '/slack/oauth_redirect',
      clientOptions,
    },
  };
}
