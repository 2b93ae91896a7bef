/** When an uninstalled workspace's data may be deleted: `retentionMs` (UNINSTALL_RETENTION) after the uninstall. */
export function purgeAfter(uninstalledAt: Date, retentionMs: number): Date {
  return new Date(uninstalledAt.getTime() + retentionMs);
}

/**
 * Whether a workspace's data is to be deleted now: it is still recorded as uninstalled (a reinstall
 * removes the record), its retention has run out, and no installation of it exists again.
 */
export function mayPurge(
  record: { purgeAfter: Date } | null,
  installedAgain: boolean,
  now: Date,
): { purge: true } | { purge: false; why: string } {
  if (!record) return { purge: false, why: 'not uninstalled (never, or reinstalled since)' };
  if (installedAgain) return { purge: false, why: 'installed again' };
  if (record.purgeAfter.getTime() > now.getTime()) return { purge: false, why: 'retention not over yet' };
  return { purge: true };
}
