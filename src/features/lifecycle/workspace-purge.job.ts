import { z } from 'zod';
import type { Deps } from '../../app/deps.js';
import type { JobDefinition } from '../../jobs/job-definition.js';
import { dailyCron } from '../../jobs/job-schedule.domain.js';
import { mayPurge } from './lifecycle.policy.js';
import { purgeTeamData } from './team-purge.repo.js';

export const PURGE_JOB = 'workspace.purge';

const PurgeData = z.object({ teamId: z.string().min(1, 'a workspace.purge job needs data.teamId') });

/** Deletes one uninstalled workspace's data once its retention is over, after checking it is still uninstalled. */
export async function purgeWorkspace(deps: Deps, teamId: string): Promise<void> {
  const lifecycle = deps.repos.lifecycle;
  const now = deps.clock.now();
  const record = await lifecycle.get(teamId);
  const decision = mayPurge(record, record ? await lifecycle.installedAgain(teamId) : false, now);
  if (!decision.purge) {
    deps.logger.info({ teamId, why: decision.why }, 'workspace data kept');
    return;
  }
  if (!(await lifecycle.claimPurge(teamId, now))) return;
  const counts = await purgeTeamData(deps.teamData, teamId, { keepJob: PURGE_JOB });
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  deps.logger.info(
    { teamId, counts, total, uninstalledAt: record?.uninstalledAt },
    'uninstalled workspace data deleted',
  );
}

/** On-demand, scheduled at the uninstall for the end of UNINSTALL_RETENTION. */
export const workspacePurgeJob: JobDefinition<z.infer<typeof PurgeData>> = {
  name: PURGE_JOB,
  every: 'on-demand',
  parse: (data) => PurgeData.parse(data),
  run: (deps, data) => purgeWorkspace(deps, data.teamId),
};

/** The daily safety net: purges any workspace whose retention ran out but whose purge job was lost. */
export const workspacePurgeSweepJob: JobDefinition = {
  name: 'workspace.purge-sweep',
  every: (settings) => ({ cron: dailyCron(settings.dailyJobsAt), timezone: 'UTC' }),
  parse: () => ({}),
  run: async (deps) => {
    for (const teamId of await deps.repos.lifecycle.due(deps.clock.now())) await purgeWorkspace(deps, teamId);
  },
};
