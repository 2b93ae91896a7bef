import type { App } from '@slack/bolt';
import type { Settings } from '../config/settings.js';
import { metricsRoute } from '../metrics/metrics-route.js';
import { observedFetch } from '../metrics/observed-fetch.js';
import type { OAuthInstall } from '../slack/app.js';
import { createSlackApp } from '../slack/app.js';
import type { BotIdentity } from '../slack/verify-bot-token.js';
import type { Composed } from './composed.js';
import { registerListeners } from './register-listeners.js';

/** The Bolt app with every listener and the extra routes (GET /metrics when METRICS=on); not listening yet. */
export function createHttpApp(
  app: Composed,
  opts: { ready(): Promise<boolean>; install?: OAuthInstall; botIdentity: BotIdentity },
): App {
  const { settings, logger, metrics } = app;
  const { app: bolt } = createSlackApp(settings, logger, { ready: opts.ready }, opts.install, opts.botIdentity, {
    routes: settings.metrics.enabled ? [metricsRoute(metrics, settings.metrics.token)] : [],
    fetch: observedFetch((method, outcome) => metrics.slackCall(method, outcome)),
  });
  registerListeners(bolt, app);
  return bolt;
}

/** Starts taking requests on PORT (0 picks a free port); returns the port it listens on. */
export async function startHttp(bolt: App, settings: Settings): Promise<number> {
  const server = (await bolt.start(settings.port)) as unknown;
  const address = (server as { address?: () => { port: number } | string | null })?.address?.();
  return typeof address === 'object' && address ? address.port : settings.port;
}
