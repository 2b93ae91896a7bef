import { describe, expect, it } from 'vitest';
import type { PilotDataOwner } from '../../../../src/db/team-data.port.js';
import { PilotDeleteRepo } from '../../../../src/features/lifecycle/pilot-delete.repo.js';

/** An owner that holds `n` documents of each of `kinds` and records the order it was asked to delete. */
const owner = (kinds: string[], log: string[], n = 1): PilotDataOwner => ({
  countPilotData: async () => Object.fromEntries(kinds.map((k) => [k, n])),
  deletePilotData: async () => {
    log.push(...kinds);
    return Object.fromEntries(kinds.map((k) => [k, n]));
  },
});

function deletion(log: string[], others: string[][]) {
  return new PilotDeleteRepo({
    reviews: { ...owner(['answers', 'reviews'], log), reviewIdsOfPilot: async () => ['r1'] },
    others: others.map((kinds) => owner(kinds, log)),
    pilots: { ...owner(['pilots'], log), countPilotData: async () => ({}) },
    settings: { ensureExists: async () => undefined },
  });
}

const OTHERS = [['auditEvents'], ['planItems'], ['drafts'], ['nudges'], ['reviews90', 'portfolioLog']];
const PILOT = '0123456789abcdef01234567';

describe('PilotDeleteRepo over the owners of a pilot’s documents', () => {
  it('counts through every owner and deletes the reviews after their documents and the pilot last', async () => {
    const log: string[] = [];
    const repo = deletion(log, OTHERS);
    expect(await repo.count('T1', PILOT)).toEqual({
      reviews: 1,
      answers: 1,
      auditEvents: 1,
      planItems: 1,
      drafts: 1,
      nudges: 1,
      reviews90: 1,
      portfolioLog: 1,
    });
    expect(await repo.delete('T1', PILOT)).toMatchObject({ pilots: 1, reviews: 1, answers: 1 });
    expect(log.slice(-3)).toEqual(['answers', 'reviews', 'pilots']);
  });

  it('fails loudly when an owner is missing, instead of reporting nothing deleted', async () => {
    const repo = deletion([], OTHERS.slice(1));
    await expect(repo.count('T1', PILOT)).rejects.toThrow(
      'pilot delete owners do not match its counts: missing auditEvents',
    );
  });

  it('refuses an unparseable pilot id before deleting anything', async () => {
    const log: string[] = [];
    await expect(deletion(log, OTHERS).delete('T1', 'nope')).rejects.toThrow(
      'deleting a pilot needs its team id and pilot id',
    );
    expect(log).toEqual([]);
  });
});
