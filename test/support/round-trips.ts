/**
 * Round trips per operation, as the round-trip test asserts them and the ack benchmark prints them: the
 * targets, and windows of a DbCommandLog that start once earlier work has gone quiet (agenda's polling is
 * filtered out by collection; a previous request's follow-up never counts for the next operation).
 */
import type { AfterAckQueue } from '../../src/shared/after-ack-queue.js';
import type { DbCommand, DbCommandLog } from './db-commands.js';

/** Database commands per operation that the product promises (the targets). */
export const ROUND_TRIP_TARGETS = {
  'open questionnaire': 3,
  'page submit (before ack)': 3,
  'next page submit (before ack)': 3,
  'answer follow-up (after ack)': 8,
  'last page submit (before ack)': 3,
  'disagreement follow-up (after ack)': 8,
  '/gate status': 2,
  'decision follow-up (after ack)': 8,
} as const;
export type RoundTripOperation = keyof typeof ROUND_TRIP_TARGETS;

type Queue = Pick<AfterAckQueue, 'drain' | 'push'>;

/** Runs `operation` as one window once the database has gone quiet, until its follow-up is done too. */
export async function measureWindow(
  log: DbCommandLog,
  afterAck: Queue,
  name: string,
  operation: () => Promise<void>,
): Promise<DbCommand[]> {
  await afterAck.drain(10_000);
  await log.quiet();
  log.mark(`${name}:start`);
  await operation();
  await afterAck.drain(10_000);
  await log.quiet();
  log.mark(`${name}:end`);
  return log.between(`${name}:start`, `${name}:end`);
}

/**
 * measureWindow() split at the ack of a request whose follow-up goes through `afterAck`: the follow-up
 * is queued right after the ack is sent, so the first push marks the ack's moment.
 */
export async function measureAroundAck(
  log: DbCommandLog,
  afterAck: Queue,
  name: string,
  operation: () => Promise<void>,
): Promise<{ beforeAck: DbCommand[]; afterAck: DbCommand[] }> {
  const push = afterAck.push.bind(afterAck);
  afterAck.push = (key, task) => {
    log.mark(`${name}:ack`);
    push(key, task);
  };
  try {
    await measureWindow(log, afterAck, name, operation);
  } finally {
    afterAck.push = push;
  }
  return {
    beforeAck: log.between(`${name}:start`, `${name}:ack`),
    afterAck: log.between(`${name}:ack`, `${name}:end`),
  };
}
