import mongoose from 'mongoose';
import type { TeamDataOwner } from '../../db/team-data.port.js';

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

/** The owners of a workspace's collections (built by the composition root); the lifecycle record's owner last. */
export interface TeamDataOwners {
  teamData: TeamDataOwner[];
  lifecycle: TeamDataOwner;
}

/**
 * Deletes every document of one workspace, one owner at a time (each deletes from its own collections,
 * always filtered by the teamId), and returns the count per collection. Idempotent: a second run
 * deletes nothing. `keepJob` is the name of the job doing the purge, left for agenda to finish.
 */
export async function purgeTeamData(
  owners: TeamDataOwners,
  teamId: string,
  opts: { keepJob?: string },
): Promise<PurgeCounts> {
  // An empty or missing id would make `{ teamId }` match documents without one: never without a team.
  if (typeof teamId !== 'string' || teamId.trim() === '') throw new Error('purgeTeamData needs a team id');
  const db = mongoose.connection.db;
  if (!db) throw new Error('purgeTeamData: mongoose is not connected');
  const counts: Record<string, number> = {};
  for (const owner of owners.teamData) Object.assign(counts, await owner.deleteTeam(teamId));
  // Agenda's collection is the library's, not a feature's: its team jobs are deleted here.
  counts.agendaJobs = (
    await db
      .collection(AGENDA_COLLECTION)
      .deleteMany({ 'data.teamId': teamId, ...(opts.keepJob ? { name: { $ne: opts.keepJob } } : {}) })
  ).deletedCount;
  Object.assign(counts, await owners.lifecycle.deleteTeam(teamId));
  return checkedCounts(counts);
}

/** Every collection of TEAM_COLLECTIONS was purged by some owner, and no other: an owner missing fails loudly. */
function checkedCounts(counts: Record<string, number>): PurgeCounts {
  const expected = [...TEAM_COLLECTIONS, 'agendaJobs'];
  const missing = expected.filter((name) => !(name in counts));
  const unknown = Object.keys(counts).filter((name) => !expected.includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(`team purge owners do not match TEAM_COLLECTIONS: missing ${missing}; unknown ${unknown}`);
  }
  return counts as PurgeCounts;
}
