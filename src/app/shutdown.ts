import type { AfterAckQueue } from '../shared/after-ack-queue.js';
import type { Logger } from '../shared/logger.js';

/** How long the stop waits for follow-up work of answers already acked. */
const AFTER_ACK_DRAIN_MS = 10_000;

export interface ShutdownSteps {
  logger: Logger;
  /** Stops taking requests (absent in worker mode: there is no HTTP server). */
  stopRequests?: () => Promise<unknown>;
  afterAck: AfterAckQueue;
  /** Lets running jobs finish (bounded), then stops polling. */
  stopJobs(): Promise<void>;
  closeDatabase(): Promise<void>;
}

/**
 * The ordered stop, once however often called: stop taking requests, drain the follow-up work of
 * answers already acked (statuses, cards), stop agenda, then close the database they all write to.
 */
export function orderedShutdown(steps: ShutdownSteps): () => Promise<void> {
  const { logger } = steps;
  let stopping: Promise<void> | undefined;
  const run = async () => {
    await steps.stopRequests?.().catch((err: unknown) => logger.warn({ err }, 'bolt stop failed'));
    if (!(await steps.afterAck.drain(AFTER_ACK_DRAIN_MS))) logger.warn('follow-up work left unfinished at stop');
    await steps.stopJobs().catch((err: unknown) => logger.warn({ err }, 'agenda stop failed'));
    await steps.closeDatabase();
  };
  return () => {
    stopping ??= run();
    return stopping;
  };
}
