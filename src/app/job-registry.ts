import { weeklyDigestJob } from '../features/digests/digest.job.js';
import { workspacePurgeJob, workspacePurgeSweepJob } from '../features/lifecycle/workspace-purge.job.js';
import { missingOwnerJob } from '../features/nudges/missing-owner.job.js';
import { nudgeSweepJob } from '../features/nudges/nudge.job.js';
import { planRemindersJob } from '../features/plan-reminders/plan-reminder.job.js';
import { purgatoryScanJob } from '../features/purgatory/purgatory.job.js';
import { reviewRepairJob } from '../features/reviews/review-repair.job.js';
import { review90OpenJob, review90RepairJob } from '../features/reviews90/review90.job.js';
import { type BoundJob, bindJob } from '../jobs/job-definition.js';
import type { Composed } from './composed.js';

/**
 * The one list of scheduled jobs, each bound to the services it uses. Each feature declares its jobs in
 * its own `*.job.ts`; add the entry here, and src/jobs/scheduler.ts wires it into agenda.
 */
export function registeredJobs(app: Composed): readonly BoundJob[] {
  const { services: s, clock, logger } = app;
  return [
    bindJob(nudgeSweepJob, { nudges: s.nudges, logger }),
    bindJob(missingOwnerJob, { missingOwners: s.missingOwners, logger }),
    bindJob(purgatoryScanJob, { purgatory: s.purgatory, clock, logger }),
    bindJob(weeklyDigestJob, { digests: s.digests, clock, logger }),
    bindJob(planRemindersJob, { reminders: s.planReminders, clock, logger }),
    bindJob(review90OpenJob, { review90: s.review90, clock, logger }),
    bindJob(review90RepairJob, { review90: s.review90, clock, logger }),
    bindJob(reviewRepairJob, { repair: s.reviewRepair, logger }),
    bindJob(workspacePurgeJob, { purges: s.workspacePurge }),
    bindJob(workspacePurgeSweepJob, { purges: s.workspacePurge }),
  ];
}
