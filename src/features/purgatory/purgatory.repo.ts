import type { AnyBulkWriteOperation } from 'mongodb';
import { type Model, Types } from 'mongoose';
import type { PilotStage, RoleId, SignalId } from '../../core/catalog.domain.js';
import { PilotModel } from '../pilots/pilot.model.js';
import { PilotRepo } from '../pilots/pilot.repo.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import { SCAN_NOW } from '../pilots/scan-schedule.domain.js';
import { PlanItemModel, ReviewModel } from '../reviews/review.model.js';
import type { FlagPlanItem, FlagReview } from './purgatory.domain.js';
import { ScanStateModel } from './scan-state.model.js';

type AnyModel = Model<unknown>;

/** What the scan needs of a pilot (a projection: no KPIs, criteria or monitoring plan). */
export interface ScanPilot {
  id: string;
  teamId: string;
  channelId: string;
  name: string;
  stage: PilotStage;
  plannedKpiValidationDate: string;
  promisingAt?: Date | null;
  decisionDueAt?: Date | null;
  flags: PilotFlag[];
  sponsorId?: string;
  scanDueOn?: string;
  scanMarkedAt?: Date | null;
  scanBucket?: string;
}

export interface ScanReview extends FlagReview {
  id: string;
  pilotId: string;
}

export interface FlagWrite {
  teamId: string;
  pilotId: string;
  /** The stage the scan saw: a pilot decided meanwhile is left alone (compare-and-set). */
  stage: PilotStage;
  flags: PilotFlag[];
  promisingAt?: Date;
  decisionDueAt?: Date;
  scanDueOn: string;
  scanBucket: string;
  /** The change mark the scan saw: a pilot marked again meanwhile keeps its mark (compare-and-set). */
  scanMarkedAt: Date | null;
}

export interface ScanState {
  lastScanDay: string;
  cadenceKey: string;
}

const BATCH = 1_000;
/** Ids per `$in` query: the embedded FerretDB answers up to 500 from its index. */
const IDS_PER_QUERY = 500;
/**
 * Update statements per bulk write. The embedded FerretDB 1.24 never answers an `update` command carrying 100 or
 * more statements (measured: 99 returns in ~0.2 s, 100 times out), so stay well below that on any backend.
 */
const UPDATES_PER_COMMAND = 50;

/**
 * Bulk reads for the purgatory scan, one workspace at a time: every pilot, review and open plan item of a
 * workspace in three streamed queries, or only the due pilots and theirs (never one query per pilot;
 * FerretDB has no $lookup, so the join is in memory).
 */
export class PurgatoryRepo {
  constructor(
    private readonly pilots: AnyModel = PilotModel as AnyModel,
    private readonly reviews: AnyModel = ReviewModel as AnyModel,
    private readonly plans: AnyModel = PlanItemModel as AnyModel,
    private readonly states: AnyModel = ScanStateModel as AnyModel,
  ) {}

  async teams(): Promise<string[]> {
    return (await this.pilots.distinct('teamId')).map(String);
  }

  /** Reviews of a workspace keyed by pilot id, kept compact (status per signal, not the reasons). */
  async reviewsByPilot(teamId: string): Promise<Map<string, ScanReview>> {
    const out = new Map<string, ScanReview>();
    const cursor = this.reviews.find({ teamId }, REVIEW_FIELDS).lean<RawReview[]>().cursor({ batchSize: BATCH });
    for await (const r of cursor as AsyncIterable<RawReview>) out.set(r.pilotId, scanReview(r));
    return out;
  }

  /** Plan items not done yet, keyed by pilot id. */
  async openPlanItemsByPilot(teamId: string): Promise<Map<string, FlagPlanItem[]>> {
    const out = new Map<string, FlagPlanItem[]>();
    const cursor = this.plans
      .find({ teamId, doneAt: null }, { pilotId: 1, dueDate: 1 })
      .lean<{ pilotId: string; dueDate: string }[]>()
      .cursor({ batchSize: BATCH });
    for await (const item of cursor as AsyncIterable<{ pilotId: string; dueDate: string }>) addItem(out, item);
    return out;
  }

  /** Streams a workspace's pilots with only the fields the scan reads. */
  async *pilotsOf(teamId: string): AsyncGenerator<ScanPilot> {
    const cursor = this.pilots.find({ teamId }, PILOT_FIELDS).lean<RawPilot[]>().cursor({ batchSize: BATCH });
    for await (const p of cursor as AsyncIterable<RawPilot>) yield scanPilot(p);
  }

  /** The pilots a scan after `days` must look at: due on one of those days, marked changed, or in `bucket`. */
  async duePilots(teamId: string, days: string[], bucket: string): Promise<ScanPilot[]> {
    const [due, bucketed] = await Promise.all([
      this.pilots.find({ teamId, scanDueOn: { $in: [...days, SCAN_NOW] } }, PILOT_FIELDS).lean<RawPilot[]>(),
      this.pilots.find({ teamId, scanBucket: bucket }, PILOT_FIELDS).lean<RawPilot[]>(),
    ]);
    const byId = new Map<string, ScanPilot>();
    for (const p of [...due, ...bucketed]) byId.set(String(p._id), scanPilot(p));
    return [...byId.values()];
  }

  /** reviewsByPilot for some pilots only. */
  async reviewsFor(teamId: string, pilotIds: string[]): Promise<Map<string, ScanReview>> {
    const out = new Map<string, ScanReview>();
    const batches = await Promise.all(
      chunks(pilotIds, IDS_PER_QUERY).map((ids) =>
        this.reviews.find({ teamId, pilotId: { $in: ids } }, REVIEW_FIELDS).lean<RawReview[]>(),
      ),
    );
    for (const r of batches.flat()) out.set(r.pilotId, scanReview(r));
    return out;
  }

  /** openPlanItemsByPilot for some reviews only. */
  async openPlanItemsFor(teamId: string, reviewIds: string[]): Promise<Map<string, FlagPlanItem[]>> {
    const out = new Map<string, FlagPlanItem[]>();
    const batches = await Promise.all(
      chunks(reviewIds, IDS_PER_QUERY).map((ids) =>
        this.plans
          .find({ teamId, reviewId: { $in: ids }, doneAt: null }, { pilotId: 1, dueDate: 1 })
          .lean<{ pilotId: string; dueDate: string }[]>(),
      ),
    );
    for (const item of batches.flat()) addItem(out, item);
    return out;
  }

  async scanState(teamId: string): Promise<ScanState | null> {
    return this.states.findOne({ teamId }, { _id: 0, lastScanDay: 1, cadenceKey: 1 }).lean<ScanState>();
  }

  async saveScanState(teamId: string, state: ScanState, full: boolean, now: Date): Promise<void> {
    await this.states.updateOne(
      { teamId },
      { $set: { ...state, ...(full ? { fullScanAt: now } : {}) } },
      { upsert: true },
    );
  }

  /** A pilot whose alert failed: looked at again by the next scan, whatever its day. */
  async markForScan(teamId: string, pilotId: string, now: Date): Promise<void> {
    await new PilotRepo(this.pilots).markForScan(teamId, pilotId, now);
  }

  /**
   * The changed pilots' updates as unordered bulk writes of UPDATES_PER_COMMAND statements. Pilots given
   * the very same update under the same compare-and-set (mostly due pilots only moved to their next day)
   * share one updateMany over their ids: a daily scan writes a few dozen statements, not thousands.
   */
  async writeFlags(writes: FlagWrite[]): Promise<void> {
    const ops = groupedFlagUpdates(writes);
    for (let i = 0; i < ops.length; i += UPDATES_PER_COMMAND) {
      await this.pilots.bulkWrite(ops.slice(i, i + UPDATES_PER_COMMAND), { ordered: false });
    }
  }
}

const PILOT_FIELDS = {
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

const REVIEW_FIELDS = { pilotId: 1, statuses: 1, answeredRoles: 1, openedAt: 1, lastActivityAt: 1 };

function scanPilot(p: RawPilot): ScanPilot {
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

function scanReview(r: RawReview): ScanReview {
  return {
    id: String(r._id),
    pilotId: r.pilotId,
    statuses: (r.statuses ?? []).map((s) => ({ signal: s.signal, status: s.status })),
    answeredRoles: r.answeredRoles ?? [],
    openedAt: r.openedAt,
    lastActivityAt: r.lastActivityAt ?? r.openedAt,
  };
}

function addItem(out: Map<string, FlagPlanItem[]>, item: { pilotId: string; dueDate: string }): void {
  const list = out.get(item.pilotId) ?? [];
  list.push({ dueDate: item.dueDate });
  out.set(item.pilotId, list);
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
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

interface RawReview {
  _id: unknown;
  pilotId: string;
  statuses?: { signal: SignalId; status: string }[];
  answeredRoles?: RoleId[];
  openedAt: Date;
  lastActivityAt?: Date;
}

interface RawPilot {
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
