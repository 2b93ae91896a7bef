import type { Logger } from '../shared/logger.js';
import { type FanOutLimits, fanOutLimits, mayReadAhead, mayStart, SWEEP_FAN_OUT } from './fan-out.policy.js';
import type { ItemRunSummary } from './for-each-item.js';

export interface ItemIdentity<T> {
  idOf(item: T): string;
  /** The workspace the item sends to: its rate limits are its own. */
  teamOf(item: T): string;
}

/**
 * Like forEachItem, but items of different workspaces run side by side within `limits` (per
 * workspace and overall), read from `items` in order as slots free up. An item waiting out one
 * workspace's Retry-After holds only that workspace's slots. A failing item is logged and never
 * stops the rest; an error reading `items` is rethrown once the running items have finished.
 */
export async function forEachItemPerWorkspace<T>(
  job: string,
  items: Iterable<T> | AsyncIterable<T>,
  identity: ItemIdentity<T>,
  work: (item: T) => Promise<void>,
  logger: Logger,
  limits: FanOutLimits = SWEEP_FAN_OUT,
): Promise<ItemRunSummary> {
  fanOutLimits(limits);
  const summary: ItemRunSummary = { done: 0, failed: 0 };
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  const waiting: T[] = [];
  const running = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  let roomToRead = () => {};

  // Starts, in read order, every waiting item whose workspace has a free slot.
  const schedule = () => {
    for (let i = 0; i < waiting.length; ) {
      const teamId = identity.teamOf(waiting[i] as T);
      if (mayStart(running, inFlight.size, teamId, limits)) start(waiting.splice(i, 1)[0] as T, teamId);
      else i++;
    }
  };
  const start = (item: T, teamId: string) => {
    running.set(teamId, (running.get(teamId) ?? 0) + 1);
    const run = work(item)
      .then(
        () => {
          summary.done++;
        },
        (err: unknown) => {
          summary.failed++;
          logger.error({ err, job, item: identity.idOf(item) }, `${job}: item failed; continuing with the rest`);
        },
      )
      .finally(() => {
        running.set(teamId, (running.get(teamId) ?? 1) - 1);
        inFlight.delete(run);
        schedule();
        roomToRead();
      });
    inFlight.add(run);
  };

  try {
    // Reading goes on while items run (the next page is fetched ahead), up to `limits.buffered` waiting.
    for (;;) {
      while (!mayReadAhead(waiting.length, limits)) {
        await new Promise<void>((resolve) => {
          roomToRead = resolve;
        });
      }
      const next = await iterator.next();
      if (next.done) break;
      waiting.push(next.value);
      schedule();
    }
    while (inFlight.size > 0) await Promise.race(inFlight);
    return summary;
  } finally {
    await Promise.allSettled([...inFlight]);
  }
}
