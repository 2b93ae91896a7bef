import type { Logger } from '../../shared/logger.js';
import { explainError } from '../respond-error.js';

/** Where a log line of the pipeline comes from: the flow, the workspace, anything that helps support. */
export type LogContext = Record<string, unknown> & { flow: string };

/**
 * A step after the ack (announce a decision, refresh a card): what the person asked for is already
 * done, so a failure must not undo it. The wrapper logs the failure once, with a correlation id, and
 * `tell` says to the person what did not happen.
 */
export interface FollowUp {
  /** Names the step in the log line (`flow`). */
  step: string;
  run(): Promise<void>;
  /** Words for the person: explainError's text (the DomainError's message, or the apology with its ref). */
  tell?(text: string): Promise<void>;
}

/** Runs follow-up steps in order; one failing does not stop the next. Never throws. */
export async function runFollowUps(logger: Logger, context: Record<string, unknown>, steps: FollowUp[]) {
  for (const step of steps) {
    try {
      await step.run();
    } catch (error) {
      const text = explainError(error, logger, { ...context, flow: step.step });
      if (step.tell)
        await orElse(
          logger,
          { ...context, flow: step.step },
          'could not tell the user',
          () => step.tell!(text),
          undefined,
        );
    }
  }
}

/**
 * Runs a step whose failure the flow can live with (a time zone look-up, a courtesy message), and
 * returns `fallback` instead. The failure is logged once, as a warning with `message` and context:
 * degraded, never silent.
 */
export async function orElse<T>(
  logger: Logger,
  context: LogContext,
  message: string,
  step: () => Promise<T>,
  fallback: T | (() => Promise<T>),
): Promise<T> {
  try {
    return await step();
  } catch (err) {
    logger.warn({ err, ...context }, message);
    return typeof fallback === 'function' ? (fallback as () => Promise<T>)() : fallback;
  }
}
