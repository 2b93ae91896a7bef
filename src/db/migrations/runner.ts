import type { Collection, Db } from 'mongodb';
import type { Migration } from './migration.js';

export const SCHEMA_VERSION_COLLECTION = 'schema_version';
const SCHEMA_ID = 'schema';
const LOCK_ID = 'migration_lock';
/** A runner that died holding the lock gives it up after this long. */
const LEASE_MS = 5 * 60 * 1000;

interface MetaDoc {
  _id: string;
  version?: number;
  appliedAt?: Date;
  name?: string;
  owner?: string;
  leaseUntil?: Date;
}

export interface MigrationLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface MigrationOptions {
  /** Who holds the lock (host and pid); a runner may retake its own lock. */
  owner: string;
  now: () => Date;
  logger: MigrationLogger;
  migrations: readonly Migration[];
  /** How long an instance that did not get the lock waits for the one that did. */
  waitMs?: number;
  pollMs?: number;
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: number[];
}

const isDuplicateKey = (e: unknown) => (e as { code?: number })?.code === 11000;

/**
 * Brings the database's `schema_version` up to the last migration, one instance at a time: the lock
 * is a single document taken with one atomic upsert and held on a lease. Instances that do not get
 * the lock wait until the holder is done (or its lease runs out, and then take over).
 */
export async function runMigrations(db: Db, opts: MigrationOptions): Promise<MigrationResult> {
  const migrations = [...opts.migrations].sort((a, b) => a.version - b.version);
  const latest = migrations.at(-1)?.version ?? 0;
  const meta = db.collection<MetaDoc>(SCHEMA_VERSION_COLLECTION);
  const waitUntil = opts.now().getTime() + (opts.waitMs ?? LEASE_MS + 60_000);
  const from = await currentVersion(meta);
  checkNotNewer(from, latest);
  if (from >= latest) return { from, to: from, applied: [] };
  while (!(await takeLock(meta, opts))) {
    if (opts.now().getTime() > waitUntil) {
      throw new Error('timed out waiting for another PilotGate instance to finish migrating the database');
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1_000));
    if ((await currentVersion(meta)) >= latest) return { from, to: await currentVersion(meta), applied: [] };
  }
  const applied: number[] = [];
  try {
    // Read again under the lock: another instance may have migrated while this one waited.
    let version = await currentVersion(meta);
    checkNotNewer(version, latest);
    for (const migration of migrations) {
      if (migration.version <= version) continue;
      opts.logger.info({ version: migration.version, name: migration.name }, 'applying database migration');
      try {
        await migration.up(db);
      } catch (error) {
        throw new Error(`migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      await meta.updateOne(
        { _id: SCHEMA_ID },
        { $set: { version: migration.version, name: migration.name, appliedAt: opts.now() } },
        { upsert: true },
      );
      version = migration.version;
      applied.push(migration.version);
      await takeLock(meta, opts); // renews the lease between steps
    }
    return { from, to: version, applied };
  } finally {
    await meta.deleteOne({ _id: LOCK_ID, owner: opts.owner });
  }
}

async function currentVersion(meta: Collection<MetaDoc>): Promise<number> {
  const doc = await meta.findOne({ _id: SCHEMA_ID });
  return doc?.version ?? 0;
}

function checkNotNewer(version: number, latest: number): void {
  if (version > latest) {
    throw new Error(
      `database schema version ${version} is newer than this release knows (${latest}); run the newer PilotGate release`,
    );
  }
}

/** One atomic upsert: free, expired or already ours → ours; held by someone else → the insert collides. */
async function takeLock(meta: Collection<MetaDoc>, opts: MigrationOptions): Promise<boolean> {
  const now = opts.now();
  try {
    await meta.findOneAndUpdate(
      { _id: LOCK_ID, $or: [{ owner: opts.owner }, { leaseUntil: { $lt: now } }] },
      { $set: { owner: opts.owner, leaseUntil: new Date(now.getTime() + LEASE_MS) } },
      { upsert: true },
    );
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
