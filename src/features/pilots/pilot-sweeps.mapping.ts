/** Projections and mappers of PilotRepo's bulk reads and writes (the sweeps of PilotSweeps); no queries here. */
import type { AnyBulkWriteOperation } from 'mongodb';
import { Types } from 'mongoose';
import type { PilotStage, RoleId } from '../../core/catalog.domain.js';
import { chunks, IDS_PER_QUERY } from '../../db/id-batches.js';
import type { FlagWrite, PortfolioPilotRow, ScanPilot } from './pilot.port.js';
import type { PilotFlag } from './pilot.types.js';

/** The fields the purgatory scan reads of a pilot (its projection). */
export const SCAN_PILOT_FIELDS = {
  teamId: 1,
  channelId: 1,
  name: 1,
  stage: 1,
  plannedKpiValidationDate: 1,
  promisingAt: 1,
  decisionDueAt: 1,
  flags: 1,
  'stakeholders.executive_sponsor': 1,
  scanDueOn: 1,
  scanMarkedAt: 1,
  scanBucket: 1,
};

/** A pilot document read with SCAN_PILOT_FIELDS. */
export interface RawScanPilot {
  _id: unknown;
  teamId: string;
  channelId: string;
  name: string;
  stage: PilotStage;
  plannedKpiValidationDate: string;
  promisingAt?: Date;
  decisionDueAt?: Date;
  flags?: { kind: PilotFlag['kind']; since: Date; detail: string }[];
  stakeholders?: { executive_sponsor?: string };
  scanDueOn?: string;
  scanMarkedAt?: Date;
  scanBucket?: string;
}

export function scanPilot(p: RawScanPilot): ScanPilot {
  return {
    id: String(p._id),
    teamId: p.teamId,
    channelId: p.channelId,
    name: p.name,
    stage: p.stage,
    plannedKpiValidationDate: p.plannedKpiValidationDate,
    promisingAt: p.promisingAt ?? null,
    decisionDueAt: p.decisionDueAt ?? null,
    flags: (p.flags ?? []).map((f) => ({ kind: f.kind, since: new Date(f.since), detail: f.detail })),
    ...(p.stakeholders?.executive_sponsor ? { sponsorId: p.stakeholders.executive_sponsor } : {}),
    ...(p.scanDueOn ? { scanDueOn: p.scanDueOn } : {}),
    scanMarkedAt: p.scanMarkedAt ?? null,
    ...(p.scanBucket ? { scanBucket: p.scanBucket } : {}),
  };
}

function flagUpdate(w: FlagWrite) {
  const set: Record<string, unknown> = { flags: w.flags, scanDueOn: w.scanDueOn, scanBucket: w.scanBucket };
  if (w.promisingAt) set.promisingAt = w.promisingAt;
  if (w.decisionDueAt) set.decisionDueAt = w.decisionDueAt;
  return w.decisionDueAt ? { $set: set } : { $set: set, $unset: { decisionDueAt: 1 } };
}

/** One updateOne per pilot, except that pilots with the same update and compare-and-set share an updateMany. */
export function groupedFlagUpdates(writes: FlagWrite[]): AnyBulkWriteOperation[] {
  const groups = new Map<string, { w: FlagWrite; update: ReturnType<typeof flagUpdate>; ids: string[] }>();
  for (const w of writes) {
    const update = flagUpdate(w);
    const key = JSON.stringify([w.teamId, w.stage, w.scanMarkedAt, update]);
    const group = groups.get(key);
    if (group) group.ids.push(w.pilotId);
    else groups.set(key, { w, update, ids: [w.pilotId] });
  }
  return [...groups.values()].flatMap(({ w, update, ids }): AnyBulkWriteOperation[] => {
    const cas = { teamId: w.teamId, stage: w.stage, scanMarkedAt: w.scanMarkedAt };
    const oids = ids.map((id) => new Types.ObjectId(id));
    if (oids.length === 1) return [{ updateOne: { filter: { _id: oids[0], ...cas }, update } }];
    return chunks(oids, IDS_PER_QUERY).map((part) => ({
      updateMany: { filter: { _id: { $in: part }, ...cas }, update },
    }));
  });
}

/** The fields the weekly digest reads of a pilot (its projection). */
export const PORTFOLIO_PILOT_FIELDS = {
  name: 1,
  stage: 1,
  stakeholders: 1,
  flags: 1,
  decisionDueAt: 1,
  channelId: 1,
  channelPrivate: 1,
  deputies: 1,
  createdBy: 1,
  stageSince: 1,
  createdAt: 1,
};

/** A pilot document read with PORTFOLIO_PILOT_FIELDS. */
export interface RawPortfolioPilot {
  _id: unknown;
  name: string;
  channelId: string;
  channelPrivate?: boolean;
  deputies?: Partial<Record<RoleId, string>>;
  createdBy?: string;
  stage: PilotStage;
  stakeholders?: Partial<Record<RoleId, string>>;
  flags?: { kind: PilotFlag['kind']; detail: string }[];
  decisionDueAt?: Date;
  stageSince?: Date;
  createdAt?: Date;
}

export function portfolioRow(p: RawPortfolioPilot): PortfolioPilotRow {
  return {
    id: String(p._id),
    name: p.name,
    channelId: p.channelId,
    ...(p.channelPrivate !== undefined ? { channelPrivate: p.channelPrivate } : {}),
    ...(p.deputies ? { deputies: p.deputies } : {}),
    ...(p.createdBy ? { createdBy: p.createdBy } : {}),
    stage: p.stage,
    stakeholders: p.stakeholders ?? {},
    flags: (p.flags ?? []).map((f) => ({ kind: f.kind, detail: f.detail })),
    decisionDueAt: p.decisionDueAt ?? null,
    stageSince: p.stageSince ?? p.createdAt ?? null,
  };
}
