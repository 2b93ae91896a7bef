/**
 * A Slack app under load for the ack-latency benchmark, in a process of its own (as in production,
 * the load generator and Slack are elsewhere): `app` is PilotGate via startServer, `bare` is a Bolt
 * app with an HTTPReceiver and no-op handlers. Prints `{"port":N}` when ready; SIGTERM stops it.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { z } from 'zod';
import { startServer } from '../../src/app/server.js';
import { appEnv, BOT_TOKEN, SIGNING_SECRET } from './app-env.js';

const STOP_GRACE_MS = 3_000;

const Input = z.object({
  mode: z.enum(['app', 'bare']),
  mongoUri: z.string().min(1),
  dbName: z.string().min(1),
  simUrl: z.url(),
});

async function startBare(simUrl: string): Promise<{ port: number; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' });
  const app = new App({ token: BOT_TOKEN, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: simUrl } });
  app.command('/gate', async ({ ack }) => {
    await ack();
  });
  app.view(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as { address(): { port: number } };
  return {
    port: server.address().port,
    stop: async () => {
      await app.stop();
    },
  };
}

async function main(): Promise<void> {
  const input = Input.parse(JSON.parse(process.env.BENCH_TARGET ?? '{}'));
  const target =
    input.mode === 'bare' ? await startBare(input.simUrl) : await startServer({ env: appEnv(input, input.simUrl) });
  process.once('SIGTERM', () => {
    // Keep-alive connections can hold a graceful stop open; the benchmark is over either way.
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    void target.stop().finally(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ port: target.port })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
