import { weeklyDigestJob } from '../features/digests/digest.job.js';
import { workspacePurgeJob, workspacePurgeSweepJob } from '../features/lifecycle/workspace-purge.job.js';
import { missingOwnerJob } from '../features/nudges/missing-owner.job.js';
import { nudgeSweepJob } from '../features/nudges/nudge.job.js';
import { planRemindersJob } from '../features/plan-reminders/plan-reminder.job.js';
import { purgatoryScanJob } from '../features/purgatory/purgatory.job.js';
import { reviewRepairJob } from '../features/reviews/review-repair.job.js';
import { review90OpenJob, review90RepairJob } from '../features/reviews90/review90.job.js';
import type { JobDefinition } from '../jobs/job-definition.js';

// biome-ignore lint/suspicious/noExplicitAny: each definition validates its own data with `parse`.
export type AnyJobDefinition = JobDefinition<any>;

/**
 * The one list of scheduled jobs. Each feature declares its jobs in its own `*.job.ts`;
 * add the import and the entry here, and src/jobs/scheduler.ts wires it into agenda.
 */
export const JOBS: readonly AnyJobDefinition[] = [
  nudgeSweepJob,
  missingOwnerJob,
  purgatoryScanJob,
  weeklyDigestJob,
  planRemindersJob,
  review90OpenJob,
  review90RepairJob,
  reviewRepairJob,
  workspacePurgeJob,
  workspacePurgeSweepJob,
];
