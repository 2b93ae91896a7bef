import mongoose from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import '../../../src/app/server.js'; // registers every model
import { teamDataOwners } from '../../../src/app/team-data-owners.js';
import { purgeTeamData, TEAM_COLLECTIONS } from '../../../src/features/lifecycle/team-purge.repo.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
const col = (name: string) => mongoose.connection.collection(name);

/** A document of each team in every team-scoped collection, plus each team's agenda jobs. */
async function seedTwoTeams() {
  for (const name of TEAM_COLLECTIONS) {
    for (const teamId of ['T1', 'T2']) {
      // Distinct values for the fields of every unique index.
      const id = `${teamId}-${name}`;
      await col(name).insertOne({ teamId, key: id, nameKey: id, pilotId: id, reviewId: id, userId: id, seq: 1 });
    }
  }
  await col('agendaJobs').insertMany([
    { name: 'workspace.purge', data: { teamId: 'T1' } },
    { name: 'some.job', data: { teamId: 'T1' } },
    { name: 'some.job', data: { teamId: 'T2' } },
    { name: 'nudges.sweep', data: null },
  ]);
}

describe('purging one workspace', () => {
  beforeEach(resetDatabase);

  it('deletes exactly that team’s documents, counted per collection, and leaves the other team’s', async () => {
    await seedTwoTeams();
    const counts = await purgeTeamData(teamDataOwners(), 'T1', { keepJob: 'workspace.purge' });
    expect(counts).toEqual({ ...Object.fromEntries(TEAM_COLLECTIONS.map((n) => [n, 1])), agendaJobs: 1 });
    for (const name of TEAM_COLLECTIONS) {
      expect(await col(name).countDocuments({ teamId: 'T1' }), name).toBe(0);
      expect(await col(name).countDocuments({ teamId: 'T2' }), name).toBe(1);
    }
    // The running purge job itself is left for agenda to finish; other teams' and global jobs are kept.
    expect(await col('agendaJobs').countDocuments({})).toBe(3);
    expect(await col('agendaJobs').countDocuments({ 'data.teamId': 'T2' })).toBe(1);
    expect(await purgeTeamData(teamDataOwners(), 'T1', { keepJob: 'workspace.purge' })).toMatchObject({
      pilots: 0,
      agendaJobs: 0,
    });
  });

  it('refuses an empty team id rather than deleting everything', async () => {
    await expect(purgeTeamData(teamDataOwners(), '', {})).rejects.toThrow('purgeTeamData needs a team id');
  });

  it('refuses to report a purge when an owner of TEAM_COLLECTIONS is missing', async () => {
    await seedTwoTeams();
    const owners = teamDataOwners();
    const withoutPilots = { ...owners, teamData: owners.teamData.slice(1) };
    await expect(purgeTeamData(withoutPilots, 'T1', {})).rejects.toThrow(
      'team purge owners do not match TEAM_COLLECTIONS: missing pilots',
    );
  });

  it('covers every collection whose documents carry a teamId', () => {
    const teamScoped = mongoose
      .modelNames()
      .map((name) => mongoose.model(name))
      .filter((model) => model.schema.path('teamId'))
      .map((model) => model.collection.collectionName)
      // Deleted at uninstall already (a reinstall writes a new one).
      .filter((name) => name !== 'installations');
    expect([...TEAM_COLLECTIONS].sort()).toEqual([...new Set(teamScoped)].sort());
  });
});
