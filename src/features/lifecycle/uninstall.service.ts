import type { JobQueue } from '../../jobs/job-definition.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { purgeAfter } from './lifecycle.policy.js';
import type { WorkspaceLifecycleRepo } from './workspace-lifecycle.repo.js';
import { PURGE_JOB } from './workspace-purge.service.js';

/** What recording an uninstall or a reinstall uses (the app's composed object has all of it). */
export interface UninstallDeps {
  logger: Logger;
  clock: Clock;
  settings: { uninstallRetentionMs: number };
  repos: { lifecycle: WorkspaceLifecycleRepo };
  jobs: JobQueue;
}

/** After app_uninstalled / tokens_revoked: keep the data for UNINSTALL_RETENTION, then have it deleted. */
export async function recordUninstall(deps: UninstallDeps, teamId: string | undefined, why: string): Promise<void> {
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
export function keepWorkspaceData(deps: Pick<UninstallDeps, 'logger' | 'repos'>, teamId: string): void {
  deps.repos.lifecycle.markInstalled(teamId).then(
    (kept) => {
      if (kept) deps.logger.info({ teamId }, 'workspace reinstalled within its retention: its data is kept');
    },
    (err: unknown) => deps.logger.warn({ err, teamId }, 'could not record that a workspace is installed'),
  );
}
