import type { Model } from 'mongoose';
import type { PilotStage, RoleId, SignalId, SignalStatusValue } from '../../core/catalog.domain.js';
import { isDuplicateKeyError } from '../../db/to-entity.js';
import { PilotModel } from '../pilots/pilot.model.js';
import { PlanItemModel, ReviewModel } from '../reviews/review.model.js';
import type { DigestPilotRow, DigestPlanItemRow, DigestReviewRow, PilotSnapshot } from './digest.domain.js';
import { DigestSnapshotModel } from './digest.model.js';

type AnyModel = Model<unknown>;
const BATCH = 1_000;

export interface SentDigest {
  sponsorId: string;
  occurrence: Date;
}

/**
 * The digest's reads, one workspace at a time: pilots, reviews and open plan items in one streamed query
 * each (FerretDB has no $lookup; the join by pilot id happens in memory), plus the per-sponsor snapshots.
 */
export class DigestRepo {
  constructor(
    private readonly pilots: AnyModel = PilotModel as AnyModel,
    private readonly reviews: AnyModel = ReviewModel as AnyModel,
    private readonly plans: AnyModel = PlanItemModel as AnyModel,
    private readonly snapshots: AnyModel = DigestSnapshotModel as AnyModel,
  ) {}

  async teams(): Promise<string[]> {
    return (await this.pilots.distinct('teamId')).map(String);
  }

  async pilotsOf(teamId: string): Promise<DigestPilotRow[]> {
    const out: DigestPilotRow[] = [];
    const cursor = this.pilots
      .find(
        { teamId },
        {
          name: 1,
          stage: 1,
          stakeholders: 1,
          flags: 1,
          decisionDueAt: 1,
          channelId: 1,
          channelPrivate: 1,
          deputies: 1,
          createdBy: 1,
        },
      )
      .lean<RawPilot[]>()
      .cursor({ batchSize: BATCH });
    for await (const p of cursor as AsyncIterable<RawPilot>) {
      out.push({
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
      });
    }
    return out;
  }

  async reviewsByPilot(teamId: string): Promise<Map<string, DigestReviewRow>> {
    const out = new Map<string, DigestReviewRow>();
    const cursor = this.reviews
      .find(
        { teamId },
        { pilotId: 1, statuses: 1, answeredRoles: 1, outcome: 1, round: 1, decidedRound: 1, rounds: 1, openedAt: 1 },
      )
      .lean<RawReview[]>()
      .cursor({ batchSize: BATCH });
    for await (const r of cursor as AsyncIterable<RawReview>) {
      const current = (r.rounds ?? []).find((x) => x.n === r.round);
      out.set(r.pilotId, {
        pilotId: r.pilotId,
        statuses: (r.statuses ?? []).map((s) => ({ signal: s.signal, status: s.status })),
        answeredRoles: r.answeredRoles ?? [],
        outcome: r.outcome,
        round: r.round,
        decidedRound: r.decidedRound ?? 0,
        roundStartedAt: current?.startedAt ?? r.openedAt,
      });
    }
    return out;
  }

  async openPlanItemsByPilot(teamId: string): Promise<Map<string, DigestPlanItemRow[]>> {
    const out = new Map<string, DigestPlanItemRow[]>();
    const cursor = this.plans
      .find({ teamId, doneAt: null }, { pilotId: 1, signal: 1, action: 1, ownerId: 1, dueDate: 1 })
      .sort({ dueDate: 1 })
      .lean<DigestPlanItemRow[]>()
      .cursor({ batchSize: BATCH });
    for await (const i of cursor as AsyncIterable<DigestPlanItemRow>) {
      const list = out.get(i.pilotId) ?? [];
      list.push({ pilotId: i.pilotId, signal: i.signal, action: i.action, ownerId: i.ownerId, dueDate: i.dueDate });
      out.set(i.pilotId, list);
    }
    return out;
  }

  /** Digests already sent in the workspace since `since`: who got which occurrence. */
  async sentSince(teamId: string, since: Date): Promise<SentDigest[]> {
    return this.snapshots
      .find({ teamId, occurrence: { $gte: since } }, { _id: 0, sponsorId: 1, occurrence: 1 })
      .lean<SentDigest[]>();
  }

  /** Each sponsor's most recent snapshot since `since` (older ones are too old to compare with). */
  async latestSnapshots(teamId: string, sponsorIds: string[], since: Date): Promise<Map<string, PilotSnapshot[]>> {
    const docs = await this.snapshots
      .find({ teamId, sponsorId: { $in: sponsorIds }, occurrence: { $gte: since } }, { _id: 0 })
      .lean<{ sponsorId: string; occurrence: Date; pilots: PilotSnapshot[] }[]>();
    const latest = new Map<string, { occurrence: Date; pilots: PilotSnapshot[] }>();
    for (const d of docs) {
      const seen = latest.get(d.sponsorId);
      if (!seen || seen.occurrence < d.occurrence) latest.set(d.sponsorId, d);
    }
    return new Map([...latest].map(([k, v]) => [k, v.pilots]));
  }

  async saveSnapshot(
    teamId: string,
    sponsorId: string,
    occurrence: Date,
    sentAt: Date,
    pilots: PilotSnapshot[],
  ): Promise<void> {
    try {
      await this.snapshots.create({ teamId, sponsorId, occurrence, sentAt, pilots });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
  }
}

interface RawPilot {
  _id: unknown;
  name: string;
  channelId: string;
  channelPrivate?: boolean;
  deputies?: Partial<Record<RoleId, string>>;
  createdBy?: string;
  stage: PilotStage;
  stakeholders?: Partial<Record<RoleId, string>>;
  flags?: { kind: 'at_risk' | 'purgatory' | 'stale' | 'overrunning' | 'overdue'; detail: string }[];
  decisionDueAt?: Date;
}

interface RawReview {
  pilotId: string;
  statuses?: { signal: SignalId; status: SignalStatusValue }[];
  answeredRoles?: RoleId[];
  outcome: string;
  round: number;
  decidedRound?: number;
  rounds?: { n: number; startedAt: Date }[];
  openedAt: Date;
}
