/**
 * Work that follows an answered request (statuses, the card, threads): at most `concurrency` tasks run
 * at once, so that in a burst of submissions the acks go first and the follow-up work does not crowd
 * them out. A task queued again under the same key before it starts replaces the queued one: it reads
 * the database as it is when it runs, so the latest request's run covers the earlier ones.
 */
export class AfterAckQueue {
  private readonly pending = new Map<string, () => Promise<void>>();
  private readonly running = new Set<string>();
  private idle: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly onError: (error: unknown, key: string) => void,
  ) {}

  push(key: string, task: () => Promise<void>): void {
    this.pending.delete(key); // re-queued at the back: the newest request waits its turn
    this.pending.set(key, task);
    this.pump();
  }

  /** Queued and running tasks. */
  get size(): number {
    return this.pending.size + this.running.size;
  }

  /** Resolves once nothing is queued or running, or after `timeoutMs` (false then). */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private pump(): void {
    for (const [key, task] of this.pending) {
      if (this.running.size >= this.concurrency) return;
      if (this.running.has(key)) continue; // one run per key at a time; it runs again after
      this.pending.delete(key);
      this.running.add(key);
      void task()
        .catch((error: unknown) => this.onError(error, key))
        .finally(() => {
          this.running.delete(key);
          this.pump();
          if (this.size === 0) for (const resolve of this.idle.splice(0)) resolve();
        });
    }
  }
}
