import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { mayPurge } from './lifecycle.policy.js';
import { purgeTeamData, type TeamDataOwners } from './team-purge.repo.js';
import type { WorkspaceLifecycleRepo } from './workspace-lifecycle.repo.js';

export const PURGE_JOB = 'workspace.purge';

export interface WorkspacePurgeDeps {
  lifecycle: WorkspaceLifecycleRepo;
  /** The owners of a workspace's collections (src/app/team-data-owners.ts). */
  teamData: TeamDataOwners;
  clock: Clock;
  logger: Logger;
}

/** Deletes uninstalled workspaces' data once their UNINSTALL_RETENTION is over. */
export class WorkspacePurgeService {
  constructor(private readonly d: WorkspacePurgeDeps) {}

  /** Deletes one uninstalled workspace's data once its retention is over, after checking it is still uninstalled. */
  async purge(teamId: string): Promise<void> {
    const { lifecycle, logger } = this.d;
    const now = this.d.clock.now();
    const record = await lifecycle.get(teamId);
    const decision = mayPurge(record, record ? await lifecycle.installedAgain(teamId) : false, now);
    if (!decision.purge) {
      logger.info({ teamId, why: decision.why }, 'workspace data kept');
      return;
    }
    if (!(await lifecycle.claimPurge(teamId, now))) return;
    const counts = await purgeTeamData(this.d.teamData, teamId, { keepJob: PURGE_JOB });
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    logger.info({ teamId, counts, total, uninstalledAt: record?.uninstalledAt }, 'uninstalled workspace data deleted');
  }

  /** Every workspace whose retention ran out (the safety net for a lost purge job). */
  async purgeDue(): Promise<void> {
    for (const teamId of await this.d.lifecycle.due(this.d.clock.now())) await this.purge(teamId);
  }
}
