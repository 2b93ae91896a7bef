import mongoose from 'mongoose';

/**
 * Every collection whose documents belong to one workspace (each has `teamId`). Installations are not
 * here: they are deleted at uninstall. `workspace_lifecycle` comes last, so a purge cut short is found
 * and finished by the next sweep.
 */
export const TEAM_COLLECTIONS = [
  'pilots',
  'reviews',
  'answers',
  'plan_items',
  'questionnaire_drafts',
  'audit_events',
  'nudges',
  'deliveries',
  'digest_snapshots',
  'home_visits',
  'purgatory_scan_state',
  'review90s',
  'portfolio_log',
  'workspace_settings',
  'workspace_lifecycle',
] as const;

/** Agenda's own collection (src/jobs/agenda.ts); a team's on-demand jobs carry `data.teamId`. */
const AGENDA_COLLECTION = 'agendaJobs';

export type PurgeCounts = Record<(typeof TEAM_COLLECTIONS)[number] | 'agendaJobs', number>;

/**
 * Deletes every document of one workspace, one collection at a time, always filtered by its teamId,
 * and returns the count per collection. Idempotent: a second run deletes nothing. `keepJob` is the
 * name of the job doing the purge, left for agenda to finish.
 */
export async function purgeTeamData(teamId: string, opts: { keepJob?: string }): Promise<PurgeCounts> {
  // An empty or missing id would make `{ teamId }` match documents without one: never without a team.
  if (typeof teamId !== 'string' || teamId.trim() === '') throw new Error('purgeTeamData needs a team id');
  const db = mongoose.connection.db;
  if (!db) throw new Error('purgeTeamData: mongoose is not connected');
  const counts = {} as PurgeCounts;
  for (const name of TEAM_COLLECTIONS) {
    if (name === 'workspace_lifecycle') continue;
    counts[name] = (await db.collection(name).deleteMany({ teamId })).deletedCount;
  }
  counts.agendaJobs = (
    await db
      .collection(AGENDA_COLLECTION)
      .deleteMany({ 'data.teamId': teamId, ...(opts.keepJob ? { name: { $ne: opts.keepJob } } : {}) })
  ).deletedCount;
  counts.workspace_lifecycle = (await db.collection('workspace_lifecycle').deleteMany({ teamId })).deletedCount;
  return counts;
}
