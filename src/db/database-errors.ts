import { MongoNetworkError } from 'mongodb';

/**
 * Names of the errors the driver and mongoose throw when the database cannot be reached at all (down,
 * restarting, network gone), as opposed to a server that answered and refused a command
 * (MongoServerError). `MongoPoolClearedError` subclasses MongoNetworkError under its own name.
 */
const UNREACHABLE = /^Mongo(ose)?(Network|NotConnected|ServerSelection|Topology|PoolCleared|ServerClosed|ClientClosed)/;
/** mongoose's own words when it queued an operation and never got a connection for it. */
const MONGOOSE_NO_CONNECTION = /buffering timed out|before initial connection is complete/;

/** Is this error (or one it wraps as `cause`) the database being unreachable? */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { name = '', message = '' } = current as { name?: string; message?: string };
    if (current instanceof MongoNetworkError || UNREACHABLE.test(name)) return true;
    if (name === 'MongooseError' && MONGOOSE_NO_CONNECTION.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
