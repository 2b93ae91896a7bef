import { App, HTTPReceiver, type Receiver } from '@slack/bolt';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../shared/logger.js';
import { boltLogger } from './bolt-logger.js';

export interface HealthChecks {
  /** Is the database reachable? Drives `/readyz`. */
  ready(): Promise<boolean>;
}

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
): { app: App; receiver?: HTTPReceiver } {
  const clientOptions = settings.slack.apiUrl ? { slackApiUrl: settings.slack.apiUrl } : {};
  const common = {
    token: settings.slack.botToken,
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
      // In Socket Mode, apps.connections.open uses installerOptions.clientOptions (SLACK-FACTS §4).
      installerOptions: { clientOptions },
    });
    return { app };
  }
  const receiver = new HTTPReceiver({
    signingSecret: settings.slack.signingSecret ?? '',
    endpoints: '/slack/events',
    logger: boltLogger(logger),
    bodyLimit: '1mb',
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
    ],
  });
  const app = new App({ ...common, receiver: receiver as Receiver });
  return { app, receiver };
}
