import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.js';
import { dailyCron } from '../../jobs/job-schedule.domain.js';
import { PURGE_JOB, type WorkspacePurgeService } from './workspace-purge.service.js';

const PurgeData = z.object({ teamId: z.string().min(1, 'a workspace.purge job needs data.teamId') });

type Needs = { purges: WorkspacePurgeService };

/** On-demand, scheduled at the uninstall for the end of UNINSTALL_RETENTION. */
export const workspacePurgeJob = defineJob<Needs, z.infer<typeof PurgeData>>({
  name: PURGE_JOB,
  every: 'on-demand',
  parse: (data) => PurgeData.parse(data),
  run: ({ purges }, data) => purges.purge(data.teamId),
});

/** The daily safety net: purges any workspace whose retention ran out but whose purge job was lost. */
export const workspacePurgeSweepJob = defineJob<Needs>({
  name: 'workspace.purge-sweep',
  every: (settings) => ({ cron: dailyCron(settings.dailyJobsAt), timezone: 'UTC' }),
  parse: () => ({}),
  run: ({ purges }) => purges.purgeDue(),
});
