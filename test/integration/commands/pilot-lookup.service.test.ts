import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLE_IDS } from '../../../src/core/catalog.domain.js';
import { lookupPilot } from '../../../src/features/commands/pilot-lookup.service.js';
import { pilotNameKey } from '../../../src/features/pilots/pilot.domain.js';
import { PilotModel } from '../../../src/features/pilots/pilot.model.js';
import { PilotRepo } from '../../../src/features/pilots/pilot.repo.js';
import { PlanItemRepo } from '../../../src/features/reviews/plan-item.repo.js';
import { ReviewRepo } from '../../../src/features/reviews/review.repo.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const TEAM = 'T0LOOKUP';
/** Many pilots, so a suggestion that read them all would show; names spread over the alphabet. */
const NAMES = [
  'Invoice triage assistant',
  'Claims summariser',
  'Churn predictor',
  ...Array.from({ length: 400 }, (_, i) => `${'abcdefghijklmnopqrstuvwxyz'[i % 26]}-pilot ${i}`),
];

const pilots = new PilotRepo();
const reviews = new ReviewRepo(new PlanItemRepo());
/** Everyone sees every pilot here: these tests are about reading, not privacy (see test/e2e/private-channel.test.ts). */
const seesAll = { canSee: async () => true, visible: async <P>(list: readonly P[]) => [...list] };
const deps = { repos: { pilots, reviews }, services: { audience: { session: () => seesAll } } };
const lookup = (arg: string, teamId = TEAM) =>
  lookupPilot(deps, { teamId, channelId: 'C0NONE', arg, sub: 'status', userId: 'U1' });

beforeAll(async () => {
  await PilotModel.init();
  const doc = (teamId: string, name: string) => ({
    teamId,
    channelId: `C${name.length}`,
    name,
    nameKey: pilotNameKey(name),
    plannedKpiValidationDate: '2027-12-31',
    stakeholders: Object.fromEntries(ROLE_IDS.map((r) => [r, 'U1'])),
    createdBy: 'U1',
  });
  await PilotModel.create([...NAMES.map((n) => doc(TEAM, n)), doc('T0OTHER', 'Claims summarizer')]);
});

describe('lookupPilot suggestions', () => {
  it('suggests near misses from index range reads next to the typed name, never a read of every pilot', async () => {
    const listForTeam = vi.spyOn(pilots, 'listForTeam');
    const near = vi.spyOn(pilots, 'nearNameKey');
    expect(await lookup('Invoice triag asistant')).toEqual({
      ok: false,
      text: 'No pilot named “Invoice triag asistant” in this workspace. Did you mean *Invoice triage assistant*? Try `/gate status Invoice triage assistant`.',
    });
    expect(await lookup('claims sumariser')).toMatchObject({
      ok: false,
      text: expect.stringContaining('*Claims summariser*'),
    });
    expect(await lookup('Claims')).toMatchObject({ ok: false, text: expect.stringContaining('*Claims summariser*') });
    expect(listForTeam).not.toHaveBeenCalled();
    expect(near).toHaveBeenCalledTimes(3);
    for (const result of near.mock.results) expect((await result.value).length).toBeLessThanOrEqual(40);
  });

  it('reads names on both sides of the typed one, within the workspace only', async () => {
    const key = pilotNameKey('Claims summarisex');
    const sorted = NAMES.map(pilotNameKey).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const at = sorted.findIndex((k) => k >= key);
    const around = await pilots.nearNameKey(TEAM, key, 3);
    expect(around.map((p) => p.nameKey)).toEqual(sorted.slice(at - 3, at + 3));
    expect(around.map((p) => p.nameKey)).toContain('claims summariser');
    expect(around.every((p) => p.teamId === TEAM)).toBe(true);
  });

  it('a huge command text is clipped before matching: the reply quotes its first 80 characters', async () => {
    const near = vi.spyOn(pilots, 'nearNameKey');
    const result = await lookup(`Claims summariser ${'x'.repeat(20_000)}`);
    expect(result).toEqual({
      ok: false,
      text: `No pilot named “Claims summariser ${'x'.repeat(62)}” in this workspace. \`/gate list\` shows every pilot.`,
    });
    expect(near).toHaveBeenCalledWith(TEAM, `claims summariser ${'x'.repeat(62)}`, expect.any(Number));
  });

  it('an exact name is still found by its key, with its review', async () => {
    const found = await lookup('  CHURN   predictor ');
    expect(found).toMatchObject({ ok: true, pilot: { name: 'Churn predictor' }, review: null });
  });
});
