import type { MongoClient } from 'mongodb';
import type { Metrics } from './metrics.js';

/**
 * Counts the driver's own signs of database trouble (monitoring events it always emits, no command
 * monitoring needed), and reports whether the embedded FerretDB answers.
 */
export function watchDatabase(metrics: Metrics, client: MongoClient, embedded: boolean): void {
  client.on('serverHeartbeatFailed', () => metrics.databaseError('heartbeat_failed'));
  client.on('connectionCheckOutFailed', (event) => {
    // A pool that is closing at shutdown is not trouble.
    if (event.reason !== 'poolClosed') metrics.databaseError('checkout_failed');
  });
  client.on('connectionPoolCleared', () => metrics.databaseError('pool_cleared'));
  if (embedded) {
    metrics.watchEmbeddedDatabase(async () =>
      Boolean(await client.db('admin').command({ ping: 1 }, { timeoutMS: 1_000 })),
    );
  }
}
