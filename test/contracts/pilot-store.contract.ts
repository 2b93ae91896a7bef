import { describe, expect, it } from 'vitest';
import { pilotNameKey } from '../../src/features/pilots/pilot.domain.js';
import type { NewPilot, PilotStore } from '../../src/features/pilots/pilot.port.js';
import { DomainError } from '../../src/shared/errors.js';

let n = 0;
/** A registration unique to this run (names never collide between tests sharing a store). */
export function newPilot(over: Partial<NewPilot> = {}): NewPilot {
  n++;
  const name = over.name ?? `Contract pilot ${n} ${Math.random().toString(36).slice(2, 8)}`;
  return {
    teamId: 'T0CONTRACT',
    channelId: 'C0CONTRACT',
    createdBy: 'U0CREATOR',
    name,
    nameKey: pilotNameKey(name),
    useCase: 'Summarise claims',
    businessUnit: 'Claims',
    plannedKpiValidationDate: '2027-01-31',
    kpis: [{ name: 'Handling time', baseline: '10m', target: '5m' }],
    killCriteria: 'No gain after 3 months',
    scaleCriteria: 'Half the time',
    regulated: false,
    stakeholders: {
      executive_sponsor: 'U0SPONSOR',
      operational_lead: 'U0OPS',
      technology_lead: 'U0TECH',
      governance_lead: 'U0GOV',
      change_lead: 'U0CHANGE',
    },
    ...over,
  };
}

/**
 * What every PilotStore does, whatever stores it: run against PilotRepo on the test database and against
 * the in-memory fake, so a fake that passes is safe in fast unit tests. `make` returns an empty store.
 */
export function describePilotStoreContract(name: string, make: () => Promise<PilotStore>): void {
  describe(`PilotStore contract: ${name}`, () => {
    it('create stores a registered pilot with no flags or deputies, found again by id and by name key', async () => {
      const store = await make();
      const input = newPilot();
      const created = await store.create(input);
      expect(created).toMatchObject({ ...input, stage: 'registered', flags: [], deputies: {}, scanDueOn: 'now' });
      expect(created.id).toMatch(/^[a-f0-9]{24}$/);
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await store.byId(input.teamId, created.id)).toEqual(created);
      expect(await store.byNameKey(input.teamId, input.nameKey)).toEqual(created);
    });

    it('create refuses a name already used in the workspace with a conflict naming the field', async () => {
      const store = await make();
      const first = await store.create(newPilot());
      const again = store.create(newPilot({ name: first.name.toUpperCase(), nameKey: first.nameKey }));
      await expect(again).rejects.toBeInstanceOf(DomainError);
      await expect(again).rejects.toMatchObject({
        code: 'conflict',
        fieldErrors: { 'pilot.name': expect.stringContaining('already exists in this workspace') },
      });
      // The same name in another workspace is fine.
      await expect(store.create(newPilot({ teamId: 'T0OTHER', name: first.name }))).resolves.toMatchObject({
        teamId: 'T0OTHER',
      });
    });

    it('reads never reach another workspace, and an unparseable id matches nothing', async () => {
      const store = await make();
      const p = await store.create(newPilot());
      expect(await store.byId('T0OTHER', p.id)).toBeNull();
      expect(await store.byNameKey('T0OTHER', p.nameKey)).toBeNull();
      expect(await store.byId(p.teamId, 'not-an-id')).toBeNull();
      expect(await store.byId(p.teamId, '0123456789abcdef01234567')).toBeNull();
      expect(await store.update('T0OTHER', p.id, { useCase: 'stolen' })).toBeNull();
      expect((await store.byId(p.teamId, p.id))?.useCase).toBe('Summarise claims');
    });

    it('listForTeam lists the workspace newest first, of one channel when asked', async () => {
      const store = await make();
      const team = `T0LIST${n}`;
      const a = await store.create(newPilot({ teamId: team, channelId: 'C1' }));
      await new Promise((r) => setTimeout(r, 5));
      const b = await store.create(newPilot({ teamId: team, channelId: 'C2' }));
      await store.create(newPilot({ teamId: `${team}X` }));
      expect((await store.listForTeam(team)).map((p) => p.id)).toEqual([b.id, a.id]);
      expect((await store.listForTeam(team, { channelId: 'C1' })).map((p) => p.id)).toEqual([a.id]);
    });

    it('nearNameKey returns up to perSide names on each side of the key, in name order', async () => {
      const store = await make();
      const team = `T0NEAR${n}`;
      for (const name of ['alpha', 'bravo', 'charlie', 'delta', 'echo'])
        await store.create(newPilot({ teamId: team, name }));
      expect((await store.nearNameKey(team, 'charlie', 2)).map((p) => p.name)).toEqual([
        'alpha',
        'bravo',
        'charlie',
        'delta',
      ]);
      expect((await store.nearNameKey(team, 'c', 1)).map((p) => p.name)).toEqual(['bravo', 'charlie']);
    });

    it('setStage moves only from the stage read (compare-and-set) and marks the pilot for the scan', async () => {
      const store = await make();
      const p = await store.create(newPilot());
      await store.update(p.teamId, p.id, { scanDueOn: '2027-01-01' });
      const moved = await store.setStage(p.teamId, p.id, 'registered', 'in_review', { useCase: 'moved' });
      expect(moved).toMatchObject({ id: p.id, stage: 'in_review', useCase: 'moved', scanDueOn: 'now' });
      expect(await store.setStage(p.teamId, p.id, 'registered', 'in_review')).toBeNull();
      expect((await store.byId(p.teamId, p.id))?.stage).toBe('in_review');
    });

    it('setStage refuses a move the lifecycle forbids before writing anything', async () => {
      const store = await make();
      const p = await store.create(newPilot());
      await expect(store.setStage(p.teamId, p.id, 'registered', 'production')).rejects.toThrow(
        'the lifecycle forbids registered → production',
      );
      expect((await store.byId(p.teamId, p.id))?.stage).toBe('registered');
    });

    it('setFlags replaces the flags; markForScan puts the pilot back on the next scan', async () => {
      const store = await make();
      const p = await store.create(newPilot());
      const since = new Date('2026-11-01T00:00:00Z');
      await store.setFlags(p.teamId, p.id, [{ kind: 'stale', since, detail: 'quiet' }], { scanDueOn: '2027-02-01' });
      expect(await store.byId(p.teamId, p.id)).toMatchObject({
        flags: [{ kind: 'stale', since, detail: 'quiet' }],
        scanDueOn: '2027-02-01',
      });
      await store.markForScan(p.teamId, p.id, new Date('2026-11-02T00:00:00Z'));
      expect((await store.byId(p.teamId, p.id))?.scanDueOn).toBe('now');
      await store.setFlags(p.teamId, p.id, []);
      expect((await store.byId(p.teamId, p.id))?.flags).toEqual([]);
    });

    it('update sets fields and returns the pilot after the write', async () => {
      const store = await make();
      const p = await store.create(newPilot());
      const updated = await store.update(p.teamId, p.id, { channelPrivate: true, businessUnit: 'Finance' });
      expect(updated).toMatchObject({ id: p.id, channelPrivate: true, businessUnit: 'Finance', name: p.name });
      expect(await store.byId(p.teamId, p.id)).toEqual(updated);
    });

    it('changeRoles lands only from the roles and version read, with its exception and marker', async () => {
      const store = await make();
      const p = await store.create(
        newPilot({
          separationException: {
            reason: 'Small team',
            recordedBy: 'U0ADMIN',
            recordedAt: new Date('2026-11-01T00:00:00Z'),
            rules: ['sponsor_not_governance'],
            roles: { executive_sponsor: 'U0SPONSOR', governance_lead: 'U0SPONSOR' },
          },
        }),
      );
      const at = new Date('2026-11-25T12:00:00Z');
      const next = { ...p.stakeholders, operational_lead: 'U0NEWOPS' };
      const change = (expected: typeof next, expectedVersion: number | undefined, to: typeof next) => ({
        expected,
        expectedVersion,
        next: to,
        exception: null,
        followUp: { reviewId: 'r1', before: expected, after: to, actor: 'U0SPONSOR', at },
      });
      const changed = await store.changeRoles(p.teamId, p.id, change(p.stakeholders, undefined, next));
      expect(changed).toMatchObject({
        stakeholders: next,
        rolesVersion: 1,
        rolesFollowUp: { version: 1, reviewId: 'r1', after: next, claimedAt: at },
      });
      expect(changed?.separationException).toBeUndefined();
      // A second change made from the roles before the first loses, and so does one from a stale version.
      expect(await store.changeRoles(p.teamId, p.id, change(p.stakeholders, undefined, p.stakeholders))).toBeNull();
      expect(await store.changeRoles(p.teamId, p.id, change(next, undefined, p.stakeholders))).toBeNull();
      expect(await store.changeRoles('T0OTHER', p.id, change(next, 1, p.stakeholders))).toBeNull();
      expect((await store.byId(p.teamId, p.id))?.stakeholders).toEqual(next);
    });

    it('a role change’s marker is claimed once when stale, and cleared only for its own version', async () => {
      const store = await make();
      const p = await store.create(newPilot());
      const at = new Date('2026-11-25T12:00:00Z');
      const next = { ...p.stakeholders, change_lead: 'U0NEWCHANGE' };
      await store.changeRoles(p.teamId, p.id, {
        expected: p.stakeholders,
        expectedVersion: undefined,
        next,
        exception: null,
        followUp: { reviewId: 'r1', before: p.stakeholders, after: next, actor: 'U0SPONSOR', at },
      });
      const later = new Date(at.getTime() + 60_000);
      expect(await store.claimRoleChange(p.teamId, p.id, 1, at, later)).toBe(false); // not stale yet
      expect(await store.claimRoleChange(p.teamId, p.id, 1, later, later)).toBe(true);
      expect(await store.claimRoleChange(p.teamId, p.id, 1, later, later)).toBe(false); // claimed now
      await store.clearRoleChange(p.teamId, p.id, 2);
      expect((await store.byId(p.teamId, p.id))?.rolesFollowUp?.version).toBe(1);
      await store.clearRoleChange(p.teamId, p.id, 1);
      expect((await store.byId(p.teamId, p.id))?.rolesFollowUp).toBeUndefined();
    });
  });
}
