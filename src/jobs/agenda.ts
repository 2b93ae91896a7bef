import { hostname } from 'node:os';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import type { Db } from 'mongodb';

/** A job may hold its lock this long before another worker assumes it crashed and takes it over. */
export const JOB_LOCK_LIFETIME_MS = 10 * 60 * 1000;

/**
 * Agenda on the app's own database connection (collection `agendaJobs`), so HTTP instances and
 * workers share one job store. `pollMs` must be a number: agenda 6 misreads strings like '200 milliseconds'.
 */
export function createAgenda(db: Db, pollMs: number): Agenda {
  return new Agenda({
    backend: new MongoBackend({ mongo: db }),
    name: `${hostname()}-${process.pid}`,
    processEvery: pollMs,
    defaultLockLifetime: JOB_LOCK_LIFETIME_MS,
    defaultConcurrency: 1,
  });
}
