import { startServer } from './app/server.js';
import { SettingsError } from './config/settings.js';
import { secretScrubber } from './shared/secret-scrubber.js';

/**
 * Process entry: start, and on SIGTERM/SIGINT drain requests, stop jobs, close the database.
 * `--worker` (npm run worker) runs the agenda jobs without the HTTP server, so the two scale apart.
 */
async function main(): Promise<void> {
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ mode: process.argv.includes('--worker') ? 'worker' : 'all' });
  } catch (error) {
    if (error instanceof SettingsError || (error as { name?: string }).name === 'ManifestError') {
      console.error((error as Error).message);
      process.exit(2);
    }
    // Not through the logger, so scrubbed here: a driver's message may quote a URI or a token.
    console.error(secretScrubber.scrub(`PilotGate failed to start: ${(error as Error).message}`));
    process.exit(1);
  }
  const shutdown = async (signal: string) => {
    server.deps.logger.info({ signal }, 'shutting down: draining requests');
    await server.stop();
    server.deps.logger.info('stopped cleanly');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

void main();
