import { Types } from 'mongoose';
import type { PilotStage } from '../../../src/core/catalog.domain.js';
import { ROLE_IDS } from '../../../src/core/catalog.domain.js';
import { RegistrationField } from '../../../src/features/pilots/pilot.domain.js';
import type { NewPilot, PilotStore, RoleChangeWrite } from '../../../src/features/pilots/pilot.port.js';
import type { Pilot, PilotFlag } from '../../../src/features/pilots/pilot.types.js';
import { mayMove } from '../../../src/features/pilots/pilot-lifecycle.domain.js';
import { SCAN_NOW, scanBucketOf } from '../../../src/features/pilots/scan-schedule.domain.js';
import { DomainError } from '../../../src/shared/errors.js';

/**
 * PilotStore in memory, for fast unit tests of listeners and services. It passes the same contract as
 * PilotRepo (test/contracts/pilot-store.contract.ts); what it returns are copies, as a database read is.
 */
export class InMemoryPilotStore implements PilotStore {
  private readonly pilots = new Map<string, Pilot>();

  async create(input: NewPilot): Promise<Pilot> {
    const taken = [...this.pilots.values()].some((p) => p.teamId === input.teamId && p.nameKey === input.nameKey);
    if (taken) {
      throw new DomainError('conflict', 'A pilot with that name exists', {
        [RegistrationField.name]: `A pilot named "${input.name}" already exists in this workspace; pick another name`,
      });
    }
    const id = new Types.ObjectId().toHexString();
    const now = new Date();
    const pilot: Pilot & { scanBucket: string } = {
      ...structuredClone(input),
      id,
      stage: 'registered',
      flags: [],
      deputies: {},
      scanDueOn: SCAN_NOW,
      scanBucket: scanBucketOf(id),
      createdAt: now,
      updatedAt: now,
    };
    this.pilots.set(id, pilot);
    return structuredClone(pilot);
  }

  async byId(teamId: string, id: string): Promise<Pilot | null> {
    const p = this.pilots.get(id.toLowerCase());
    return p && p.teamId === teamId ? structuredClone(p) : null;
  }

  async byNameKey(teamId: string, nameKey: string): Promise<Pilot | null> {
    const p = this.team(teamId).find((x) => x.nameKey === nameKey);
    return p ? structuredClone(p) : null;
  }

  async nearNameKey(teamId: string, nameKey: string, perSide: number): Promise<Pilot[]> {
    const sorted = this.team(teamId).sort((a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0));
    const before = sorted.filter((p) => p.nameKey < nameKey).slice(-perSide);
    const after = sorted.filter((p) => p.nameKey >= nameKey).slice(0, perSide);
    return structuredClone([...before, ...after]);
  }

  async listForTeam(teamId: string, filter: { channelId?: string } = {}): Promise<Pilot[]> {
    const list = this.team(teamId).filter((p) => filter.channelId === undefined || p.channelId === filter.channelId);
    return structuredClone(list.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()));
  }

  async setStage(
    teamId: string,
    id: string,
    from: PilotStage,
    to: PilotStage,
    extra: Record<string, unknown> = {},
  ): Promise<Pilot | null> {
    if (!mayMove(from, to)) throw new Error(`pilot ${id}: the lifecycle forbids ${from} → ${to}`);
    const p = this.pilots.get(id);
    if (!p || p.teamId !== teamId || p.stage !== from) return null;
    return this.write(p, { stage: to, scanDueOn: SCAN_NOW, scanMarkedAt: new Date(), ...extra });
  }

  async setFlags(teamId: string, id: string, flags: PilotFlag[], extra: Record<string, unknown> = {}): Promise<void> {
    const p = this.pilots.get(id);
    if (p && p.teamId === teamId) this.write(p, { flags, ...extra });
  }

  async markForScan(teamId: string, id: string, now: Date): Promise<void> {
    const p = this.pilots.get(id);
    if (p && p.teamId === teamId) this.write(p, { scanDueOn: SCAN_NOW, scanMarkedAt: now });
  }

  async changeRoles(teamId: string, id: string, change: RoleChangeWrite): Promise<Pilot | null> {
    const p = this.pilots.get(id);
    const held = p && ROLE_IDS.every((r) => p.stakeholders[r] === change.expected[r]);
    if (!p || p.teamId !== teamId || !held || p.rolesVersion !== change.expectedVersion) return null;
    const version = (change.expectedVersion ?? 0) + 1;
    const { separationException: _dropped, ...rest } = p;
    const next: Pilot = {
      ...(change.exception ? p : rest),
      ...structuredClone({ stakeholders: change.next, rolesVersion: version }),
      rolesFollowUp: structuredClone({ ...change.followUp, version, claimedAt: change.followUp.at }),
      ...(change.exception ? { separationException: structuredClone(change.exception) } : {}),
      updatedAt: new Date(),
    };
    this.pilots.set(id, next);
    return structuredClone(next);
  }

  async claimRoleChange(teamId: string, id: string, version: number, staleBefore: Date, now: Date) {
    const p = this.pilots.get(id);
    const marker = p?.teamId === teamId ? p.rolesFollowUp : undefined;
    if (!p || marker?.version !== version || marker.claimedAt >= staleBefore) return false;
    this.write(p, { rolesFollowUp: { ...marker, claimedAt: now } });
    return true;
  }

  async clearRoleChange(teamId: string, id: string, version: number): Promise<void> {
    const p = this.pilots.get(id);
    if (p?.teamId !== teamId || p.rolesFollowUp?.version !== version) return;
    const { rolesFollowUp: _done, ...rest } = p;
    this.pilots.set(id, { ...rest, updatedAt: new Date() });
  }

  async update(teamId: string, id: string, set: Record<string, unknown>): Promise<Pilot | null> {
    const p = this.pilots.get(id);
    return p && p.teamId === teamId ? this.write(p, set) : null;
  }

  private team(teamId: string): Pilot[] {
    return [...this.pilots.values()].filter((p) => p.teamId === teamId);
  }

  private write(p: Pilot, set: Record<string, unknown>): Pilot {
    const next = { ...p, ...structuredClone(set), updatedAt: new Date() } as Pilot;
    this.pilots.set(p.id, next);
    return structuredClone(next);
  }
}
