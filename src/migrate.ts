/**
 * Brings the database's stored shapes up to this release (src/db/migrations). PilotGate also does this
 * at start-up; run it by hand before rolling out a release to many instances, or to see what it does.
 *
 *   npm run migrate          (or, in the Docker image: node dist/migrate.js)
 *
 * Reads MONGODB_URI (required) and MONGODB_DB (default pilotgate) from the environment.
 */
import { hostname } from 'node:os';
import { MIGRATIONS } from './app/migrations.js';
import { runDatabaseTask } from './db/cli-database.js';
import { runMigrations } from './db/migrations/runner.js';

runDatabaseTask('migration', async (db) => {
  const log = (obj: object, msg: string) => console.log(msg, JSON.stringify(obj));
  const result = await runMigrations(db, {
    owner: `${hostname()}-${process.pid}`,
    migrations: MIGRATIONS,
    now: () => new Date(),
    logger: { info: log, warn: log },
  });
  console.log(
    result.applied.length
      ? `database schema migrated from version ${result.from} to ${result.to} (applied ${result.applied.join(', ')})`
      : `database schema is at version ${result.to}; nothing to do`,
  );
  return 0;
});
