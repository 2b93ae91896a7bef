/**
 * Bulk data for the benchmarks: pilots with their reviews and gap-closure plan items, inserted with
 * the app's own mongoose models (`insertMany` in batches) so the documents look exactly like the
 * ones the app writes. Deterministic (seeded PRNG), so two runs measure the same data.
 */
import { Types } from 'mongoose';
import { type PilotStage, ROLE_IDS, SIGNAL_IDS, type SignalStatusValue } from '../../src/core/catalog.domain.js';
import { seededRandom } from '../../test/support/seeded-random.js';
import { Pilots, PlanItems, Reviews } from './db.js';
import { elapsedMs } from './stats.js';

const DAY = 86_400_000;

export interface SeedPlan {
  /** Workspaces the pilots are spread over, round-robin. */
  teamIds: string[];
  pilots: number;
  /** Distinct executive sponsors per workspace (pilot i of a workspace gets sponsor i mod sponsors). */
  sponsorsPerTeam: number;
  now: Date;
  batchSize?: number;
  seed?: number;
  /** Adjusts each pilot's documents before they are inserted (e.g. flags as of yesterday's scan). */
  finish?: (docs: PilotDocs) => void;
}

export interface SeedReport {
  ms: number;
  pilots: number;
  reviews: number;
  planItems: number;
  docsPerSecond: number;
}

/** Stage mix of a busy portfolio: most pilots in review or gap closure, some decided. */
const STAGE_MIX: Array<[PilotStage, number]> = [
  ['registered', 0.05],
  ['in_review', 0.4],
  ['pre_production', 0.2],
  ['production', 0.15],
  ['reviewed_90d', 0.05],
  ['paused', 0.1],
  ['terminated', 0.05],
];

function pickStage(r: number): PilotStage {
  let acc = 0;
  for (const [stage, share] of STAGE_MIX) {
    acc += share;
    if (r < acc) return stage;
  }
  return 'in_review';
}

const STATUS_MIX: SignalStatusValue[] = ['pending', 'confirmed', 'confirmed', 'conditional', 'failed'];
const dayString = (d: Date) => d.toISOString().slice(0, 10);

export interface PilotDocs {
  pilot: Record<string, unknown>;
  review: Record<string, unknown>;
  planItems: Array<Record<string, unknown>>;
}

/** Who and when for pilot number i: the facts its three kinds of document share. */
interface PilotFacts {
  i: number;
  teamId: string;
  inTeam: number;
  now: number;
  createdAt: Date;
  lastActivityAt: Date;
  stage: PilotStage;
  sponsor: string;
  pilotId: Types.ObjectId;
  reviewId: Types.ObjectId;
  person: () => string;
}

function pilotFacts(i: number, plan: SeedPlan, random: () => number): PilotFacts {
  const teamId = plan.teamIds[i % plan.teamIds.length]!;
  const inTeam = Math.floor(i / plan.teamIds.length);
  const now = plan.now.getTime();
  const createdAt = new Date(now - Math.floor(random() * 400) * DAY);
  return {
    i,
    teamId,
    inTeam,
    now,
    createdAt,
    lastActivityAt: new Date(Math.max(createdAt.getTime(), now - Math.floor(random() * 60) * DAY)),
    stage: pickStage(random()),
    sponsor: `U${teamId.slice(-3)}S${String(inTeam % plan.sponsorsPerTeam).padStart(5, '0')}`,
    pilotId: new Types.ObjectId(),
    reviewId: new Types.ObjectId(),
    person: () => `U${teamId.slice(-3)}P${String(Math.floor(random() * 5000)).padStart(5, '0')}`,
  };
}

function pilotDoc(f: PilotFacts, random: () => number): Record<string, unknown> {
  const day = (from: Date, days: number) => new Date(from.getTime() + Math.floor(days) * DAY);
  return {
    _id: f.pilotId,
    teamId: f.teamId,
    channelId: `C${f.teamId.slice(-3)}${String(f.inTeam % 500).padStart(5, '0')}`,
    name: `Pilot ${f.i}`,
    nameKey: `pilot ${f.i}`,
    useCase: 'Routes supplier invoices to the right approver',
    businessUnit: `Unit ${f.inTeam % 40}`,
    plannedKpiValidationDate: dayString(day(f.createdAt, 30 + random() * 150)),
    kpis: [{ name: 'Cycle time', baseline: '4.2 days', target: '1 day' }],
    killCriteria: 'Accuracy below 90% after eight weeks',
    scaleCriteria: 'Cycle time under 1.5 days on production data',
    regulated: random() < 0.3,
    stakeholders: Object.fromEntries(ROLE_IDS.map((r) => [r, r === 'executive_sponsor' ? f.sponsor : f.person()])),
    deputies: {},
    createdBy: f.sponsor,
    stage: f.stage,
    flags: [],
    ...(random() < 0.4 ? { promisingAt: day(f.createdAt, random() * 60) } : {}),
    ...(f.stage === 'production' || f.stage === 'reviewed_90d' ? { productionAt: f.lastActivityAt } : {}),
    createdAt: f.createdAt,
    updatedAt: f.lastActivityAt,
  };
}

function reviewDoc(f: PilotFacts, channelId: unknown, random: () => number): Record<string, unknown> {
  const statuses = SIGNAL_IDS.map((signal) => {
    const status = STATUS_MIX[Math.floor(random() * STATUS_MIX.length)]!;
    const pending = status === 'pending';
    return {
      signal,
      status,
      reasons: pending ? [] : [`Assessed ${status}`],
      awaiting: pending ? ['operational_lead'] : [],
    };
  });
  const anyPending = statuses.some((s) => s.status === 'pending');
  const decided = !['registered', 'in_review'].includes(f.stage);
  return {
    _id: f.reviewId,
    teamId: f.teamId,
    pilotId: String(f.pilotId),
    manifestVersion: 'bench',
    round: 1,
    rounds: [{ n: 1, startedAt: f.createdAt, requiredRoles: [...ROLE_IDS], reason: 'opened' }],
    statuses,
    outcome: anyPending ? 'collecting' : 'continue_pre_production',
    answeredRoles: anyPending ? ROLE_IDS.slice(0, 3) : [...ROLE_IDS],
    answerSeq: 3,
    snapshotSeq: 3,
    decisions: decided ? [{ decision: 'gap_closure', by: f.sponsor, at: f.lastActivityAt, round: 1 }] : [],
    decidedRound: decided ? 1 : 0,
    card: { channel: channelId, ts: `${Math.floor(f.createdAt.getTime() / 1000)}.000100` },
    openedAt: f.createdAt,
    lastActivityAt: f.lastActivityAt,
    ...(decided ? { decidedAt: f.lastActivityAt } : {}),
  };
}

/** Pilots in gap closure have one to three plan items, some overdue, some done. */
function planItemDocs(f: PilotFacts, random: () => number): Array<Record<string, unknown>> {
  if (f.stage !== 'pre_production') return [];
  return Array.from({ length: 1 + Math.floor(random() * 3) }, (_x, k) => ({
    teamId: f.teamId,
    reviewId: String(f.reviewId),
    pilotId: String(f.pilotId),
    round: 1,
    signal: SIGNAL_IDS[k % SIGNAL_IDS.length],
    action: 'Run the pipeline at production volume for two weeks',
    ownerId: f.person(),
    dueDate: dayString(new Date(f.now + Math.floor(random() * 60 - 30) * DAY)),
    ...(random() < 0.3 ? { doneAt: new Date(f.now - DAY), doneBy: f.sponsor } : {}),
    createdAt: f.createdAt,
    updatedAt: f.lastActivityAt,
  }));
}

/** One pilot, its review and (in gap closure) its plan items, as the app stores them. */
function pilotDocs(i: number, plan: SeedPlan, random: () => number): PilotDocs {
  const facts = pilotFacts(i, plan, random);
  const pilot = pilotDoc(facts, random);
  const docs = { pilot, review: reviewDoc(facts, pilot.channelId, random), planItems: planItemDocs(facts, random) };
  plan.finish?.(docs);
  return docs;
}

/** Inserts `plan.pilots` pilots with reviews and plan items; reports counts and wall time. */
export async function seedPilots(plan: SeedPlan): Promise<SeedReport> {
  const batchSize = plan.batchSize ?? 1000;
  const random = seededRandom(plan.seed ?? 42);
  const start = performance.now();
  let planItems = 0;
  for (let from = 0; from < plan.pilots; from += batchSize) {
    const docs = Array.from({ length: Math.min(batchSize, plan.pilots - from) }, (_x, k) =>
      pilotDocs(from + k, plan, random),
    );
    const items = docs.flatMap((d) => d.planItems);
    planItems += items.length;
    // lean: the documents are complete already; skip hydrating 100k mongoose documents.
    await Pilots.insertMany(
      docs.map((d) => d.pilot),
      { lean: true },
    );
    await Reviews.insertMany(
      docs.map((d) => d.review),
      { lean: true },
    );
    if (items.length) await PlanItems.insertMany(items, { lean: true });
  }
  const ms = elapsedMs(start);
  const total = plan.pilots * 2 + planItems;
  return {
    ms,
    pilots: plan.pilots,
    reviews: plan.pilots,
    planItems,
    docsPerSecond: Math.round((total / ms) * 1000),
  };
}
