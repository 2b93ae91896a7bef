import type { Db } from 'mongodb';

/**
 * One step in the stored shape of PilotGate's data. `up` must be idempotent (a crash between its
 * writes and the version marker runs it again) and made of single-document or updateMany writes.
 */
export interface Migration {
  /** 1, 2, 3 … in order; the database's `schema_version` records the last one applied. */
  version: number;
  name: string;
  up(db: Db): Promise<void>;
}
