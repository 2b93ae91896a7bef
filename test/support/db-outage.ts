/**
 * The database stops after the next `n` operations, as seen from the app: every later operation (a
 * read or a write) fails with the driver's network error until `restart()`. Patched on the driver
 * itself, so every repository and model goes through it; used to stop a flow at each step boundary.
 */
import { AbstractCursor, Collection, MongoNetworkError } from 'mongodb';

const COLLECTION_OPS = [
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'bulkWrite',
  'deleteOne',
  'deleteMany',
  'findOne',
  'countDocuments',
  'distinct',
] as const;

export interface Outage {
  /** Operations the app attempted since the outage was set up (passed and refused). */
  attempted(): number;
  /** The database is back: operations pass again. */
  restart(): void;
}

export function databaseStopsAfter(n: number): Outage {
  let attempted = 0;
  const saved: [object, string, unknown][] = [];
  const gate = <A extends unknown[], R>(original: (...args: A) => Promise<R>) =>
    function (this: unknown, ...args: A): Promise<R> {
      attempted++;
      if (attempted > n) return Promise.reject(new MongoNetworkError('connect ECONNREFUSED (database stopped)'));
      return original.apply(this, args);
    };
  const patch = (target: object, name: string) => {
    const record = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
    saved.push([target, name, record[name]]);
    record[name] = gate(record[name]!);
  };
  for (const op of COLLECTION_OPS) patch(Collection.prototype, op);
  patch(AbstractCursor.prototype, 'toArray');
  return {
    attempted: () => attempted,
    restart() {
      for (const [target, name, original] of saved.reverse()) (target as Record<string, unknown>)[name] = original;
      saved.length = 0;
    },
  };
}
