import {
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { Error as MongooseError } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../src/db/database-errors.js';
import { DomainError } from '../../../src/shared/errors.js';

/** The pool's "cleared" error is not exported by the driver; it is a MongoNetworkError with its own name. */
class PoolClearedLike extends MongoNetworkError {
  override get name(): string {
    return 'MongoPoolClearedError';
  }
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused (server just stopped)', new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017')],
    ['network timeout', new MongoNetworkTimeoutError('connection timed out')],
    [
      'no server selectable (driver noticed the outage)',
      new MongoServerSelectionError('connect ECONNREFUSED', {} as never),
    ],
    ['pool cleared after a network error', new PoolClearedLike('Connection pool was cleared')],
    ['client not connected', new MongoNotConnectedError('not connected')],
    ['topology closed', new MongoTopologyClosedError()],
    [
      'mongoose buffering timeout',
      new MongooseError('Operation `reviews.findOne()` buffering timed out after 10000ms'),
    ],
    ['wrapped as a cause', new Error('save failed', { cause: new MongoNetworkError('socket hang up') })],
  ])('%s → unavailable', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a server that answered and refused (duplicate key)', new MongoServerError({ message: 'E11000', code: 11000 })],
    ['a domain error', new DomainError('invalid_input', 'bad')],
    ['a plain error', new Error('boom')],
    ['another mongoose error', new MongooseError('Cast to ObjectId failed')],
    ['not an error at all', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s → not unavailable', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
