/**
 * What the App Home shows a person: what they owe, their pilots, and the workspace
 * portfolio. Pure: built from one workspace's pilots, reviews and the person's open plan items.
 */

import { PILOT_STAGES, type PilotStage, type RoleId } from '../../core/catalog.domain.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import type { StoredSignalStatus } from '../reviews/review.types.js';
import { decisionAwaited, rolesAwaited } from './waiting.domain.js';

export interface HomePilot {
  id: string;
  name: string;
  channelId: string;
  stage: PilotStage;
  flags: Pick<PilotFlag, 'kind' | 'detail'>[];
  stakeholders: Partial<Record<RoleId, string>>;
  createdBy: string;
  createdAt: Date;
}

export interface HomeReview {
  id: string;
  pilotId: string;
  round: number;
  rounds: { n: number; requiredRoles: RoleId[] }[];
  answeredRoles: RoleId[];
  decidedRound: number;
  outcome: 'collecting' | 'proceed' | 'continue_pre_production' | 'pause';
  statuses: StoredSignalStatus[];
  openedAt: Date;
}

export interface HomePlanItem {
  id: string;
  reviewId: string;
  pilotId: string;
  action: string;
  dueDate: string;
}

export type WaitingItem =
  | { kind: 'answer'; pilot: HomePilot; reviewId: string; roles: RoleId[]; since: Date }
  | { kind: 'decide'; pilot: HomePilot; reviewId: string; since: Date }
  | { kind: 'plan'; pilot: HomePilot; reviewId: string; item: HomePlanItem; overdue: boolean };

export interface PilotRow {
  pilot: HomePilot;
  /** Its latest review (the row's *Details*), when it has one. */
  reviewId?: string;
  statuses: StoredSignalStatus[];
}

export interface HomeModel {
  waiting: WaitingItem[];
  yours: PilotRow[];
  portfolio: {
    total: number;
    stageCounts: Record<PilotStage, number>;
    /** Pilots that reached production (incl. after their 90-day review); conversion() of this and total. */
    inProduction: number;
    /** Pilots in pilot purgatory; an at-risk pilot is not (yet) one of them. */
    purgatory: PilotRow[];
    /** Pilots close to purgatory, not in it. */
    atRisk: PilotRow[];
  };
}

const FLAG_ORDER = ['purgatory', 'at_risk', 'overdue', 'overrunning', 'stale'];
const urgency = (p: HomePilot) =>
  Math.min(...p.flags.map((f) => FLAG_ORDER.indexOf(f.kind)).filter((i) => i >= 0), FLAG_ORDER.length);
/** Stages in which answers and decisions are still asked for. */
const UNDER_REVIEW: PilotStage[] = ['registered', 'in_review', 'pre_production'];

/** Decisions first, then overdue plan items, then questionnaires (oldest first), then upcoming plan items. */
function rank(item: WaitingItem): [number, number] {
  if (item.kind === 'decide') return [0, item.since.getTime()];
  if (item.kind === 'plan') return [item.overdue ? 1 : 3, Date.parse(item.item.dueDate) || 0];
  return [2, item.since.getTime()];
}

/** Everything the Home tab needs for `userId`; `today` is their calendar day (YYYY-MM-DD). */
export function buildHomeModel(input: {
  userId: string;
  pilots: HomePilot[];
  reviews: HomeReview[];
  planItems: HomePlanItem[];
  today: string;
}): HomeModel {
  const { userId, pilots } = input;
  const reviewOf = new Map(input.reviews.map((r) => [r.pilotId, r]));
  const rows = (list: HomePilot[]): PilotRow[] =>
    list.map((pilot) => {
      const review = reviewOf.get(pilot.id);
      return { pilot, ...(review ? { reviewId: review.id } : {}), statuses: review?.statuses ?? [] };
    });
  const mine = pilots.filter((p) => p.createdBy === userId || Object.values(p.stakeholders).includes(userId));
  const stageCounts = Object.fromEntries(PILOT_STAGES.map((s) => [s, 0])) as Record<PilotStage, number>;
  for (const p of pilots) stageCounts[p.stage]++;
  const flagged = (kind: PilotFlag['kind']) =>
    rows(
      pilots
        .filter((p) => p.flags.some((f) => f.kind === kind))
        .sort((a, b) => urgency(a) - urgency(b) || a.createdAt.getTime() - b.createdAt.getTime()),
    );
  const inPurgatory = flagged('purgatory');
  const purgatoryIds = new Set(inPurgatory.map((r) => r.pilot.id));
  return {
    waiting: waitingFor(userId, mine, reviewOf, input.planItems, pilots, input.today),
    yours: rows([...mine].sort((a, b) => urgency(a) - urgency(b) || a.name.localeCompare(b.name))),
    portfolio: {
      total: pilots.length,
      stageCounts,
      inProduction: stageCounts.production + stageCounts.reviewed_90d,
      purgatory: inPurgatory,
      atRisk: flagged('at_risk').filter((r) => !purgatoryIds.has(r.pilot.id)),
    },
  };
}

function waitingFor(
  userId: string,
  mine: HomePilot[],
  reviewOf: Map<string, HomeReview>,
  planItems: HomePlanItem[],
  pilots: HomePilot[],
  today: string,
): WaitingItem[] {
  const items: WaitingItem[] = [];
  for (const pilot of mine) {
    const review = reviewOf.get(pilot.id);
    if (!review || !UNDER_REVIEW.includes(pilot.stage)) continue;
    const roles = rolesAwaited(review).filter((r) => pilot.stakeholders[r] === userId);
    if (roles.length > 0) items.push({ kind: 'answer', pilot, reviewId: review.id, roles, since: review.openedAt });
    if (pilot.stakeholders.executive_sponsor === userId && decisionAwaited(review)) {
      items.push({ kind: 'decide', pilot, reviewId: review.id, since: review.openedAt });
    }
  }
  const byId = new Map(pilots.map((p) => [p.id, p]));
  for (const item of [...planItems].sort((a, b) => a.dueDate.localeCompare(b.dueDate))) {
    const pilot = byId.get(item.pilotId);
    if (pilot) items.push({ kind: 'plan', pilot, reviewId: item.reviewId, item, overdue: item.dueDate < today });
  }
  return items.sort((a, b) => {
    const [ra, ta] = rank(a);
    const [rb, tb] = rank(b);
    return ra - rb || ta - tb;
  });
}
