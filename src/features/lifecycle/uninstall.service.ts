import type { Deps } from '../../app/deps.js';
import { purgeAfter } from './lifecycle.policy.js';
import { PURGE_JOB } from './workspace-purge.job.js';

/** After app_uninstalled / tokens_revoked: keep the data for UNINSTALL_RETENTION, then have it deleted. */
export async function recordUninstall(deps: Deps, teamId: string | undefined, why: string): Promise<void> {
  if (!teamId) {
    deps.logger.warn({ why }, 'uninstall without a team id: no data retention window recorded');
    return;
  }
  const now = deps.clock.now();
  const record = await deps.repos.lifecycle.markUninstalled(
    teamId,
    now,
    purgeAfter(now, deps.settings.uninstallRetentionMs),
    why,
  );
  await deps.jobs.enqueue(PURGE_JOB, { teamId }, record.purgeAfter);
  deps.logger.info({ teamId, purgeAfter: record.purgeAfter }, 'workspace data kept until its retention ends');
}

/** The workspace is installed (again): its data stays. Not awaited: it must not delay an ack. */
export function keepWorkspaceData(deps: Deps, teamId: string): void {
  deps.repos.lifecycle.markInstalled(teamId).then(
    (kept) => {
      if (kept) deps.logger.info({ teamId }, 'workspace reinstalled within its retention: its data is kept');
    },
    (err: unknown) => deps.logger.warn({ err, teamId }, 'could not record that a workspace is installed'),
  );
}
