import type { Logger } from '../shared/logger.js';

export interface ItemRunSummary {
  done: number;
  failed: number;
}

/**
 * Runs `work` for every item, one at a time; a failing item is logged with the job name and the
 * item's id and never stops the rest (a scheduled loop over pilots must not die on one bad pilot).
 */
export async function forEachItem<T>(
  job: string,
  items: Iterable<T> | AsyncIterable<T>,
  idOf: (item: T) => string,
  work: (item: T) => Promise<void>,
  logger: Logger,
): Promise<ItemRunSummary> {
  const summary: ItemRunSummary = { done: 0, failed: 0 };
  for await (const item of items) {
    try {
      await work(item);
      summary.done++;
    } catch (err) {
      summary.failed++;
      logger.error({ err, job, item: idOf(item) }, `${job}: item failed; continuing with the rest`);
    }
  }
  return summary;
}
