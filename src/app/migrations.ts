import type { Migration } from '../db/migrations/migration.js';
import { markLegacyAuditTrails } from '../features/audit/audit-legacy-heads.migration.js';
import { SCAN_NOW } from '../features/pilots/scan-schedule.domain.js';

/**
 * Every migration, oldest first. A release that changes a stored shape appends one here; never edit
 * or reorder one that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'baseline: the shape of release 0.1',
    up: async () => {},
  },
  {
    // Pilots stored before scan scheduling have no scanDueOn, so the purgatory scan (which looks up
    // pilots by scanDueOn) never saw them. 'now' makes the next scan look at them and file them.
    version: 2,
    name: 'pilots without scanDueOn are due for a scan',
    up: async (db) => {
      await db.collection('pilots').updateMany({ scanDueOn: { $exists: false } }, { $set: { scanDueOn: SCAN_NOW } });
    },
  },
  {
    version: 3,
    name: 'audit trails from before the chain head and HMAC: head recorded, events marked legacy',
    up: markLegacyAuditTrails,
  },
];
