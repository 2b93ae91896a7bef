import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import { explainError } from '../respond-error.js';
import { orElse } from './follow-up.js';

/**
 * Runs a slash command's handler (which acks first and answers through `respond`): an error becomes
 * an ephemeral for the person who typed it, a DomainError in its own words, anything else with a
 * correlation id that is also in the log. A failure to respond is logged, never thrown into Bolt.
 */
export async function runCommand(
  logger: Logger,
  context: { teamId: string; command: string },
  respond: RespondFn,
  handle: () => Promise<void>,
): Promise<void> {
  try {
    await handle();
  } catch (error) {
    const text = explainError(error, logger, context);
    await orElse(
      logger,
      { ...context, flow: `command.${context.command}` },
      'could not answer the command',
      async () => {
        await respond({ response_type: 'ephemeral', text });
      },
      undefined,
    );
  }
}
