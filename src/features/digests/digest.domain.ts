/**
 * The weekly digest DM to each executive sponsor: per open pilot its stage, signal grid, who is late, overdue plan
 * items, flags, decisions due and what changed since the last digest; then the workspace portfolio.
 * Pure: built from rows the service reads in bulk per workspace.
 */

import {
  PILOT_STAGES,
  type PilotStage,
  ROLE_IDS,
  type RoleId,
  SIGNAL_IDS,
  SIGNAL_SHORT,
  type SignalId,
  type SignalStatusValue,
  STAGE_LABELS,
} from '../../core/catalog.domain.js';
import { DAY_MS } from '../../shared/time.js';
import type { PortfolioPilotRow } from '../pilots/pilot.port.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import { confirmationTimes, staleConfirmations } from '../reviews/confirmation-expiry.domain.js';
import type { ReviewPortfolioRow } from '../reviews/review.port.js';

/** Stages a sponsor still has work in; paused, terminated and 90-day-reviewed pilots are closed. */
export const OPEN_STAGES: readonly PilotStage[] = ['registered', 'in_review', 'pre_production', 'production'];

/** What the digest reads of a pilot: the pilots' own projection for it. */
export type DigestPilotRow = PortfolioPilotRow;

/** What the digest reads of a review: the reviews' own projection for it. */
export type DigestReviewRow = ReviewPortfolioRow;

export interface DigestPlanItemRow {
  pilotId: string;
  signal: SignalId;
  action: string;
  ownerId: string;
  dueDate: string;
}

/** What the next digest compares against, stored per sponsor per digest. */
export interface PilotSnapshot {
  pilotId: string;
  name: string;
  stage: PilotStage;
  statuses: Partial<Record<SignalId, SignalStatusValue>>;
  flags: PilotFlag['kind'][];
  openItems: number;
}

export interface LateRole {
  userId: string;
  role: RoleId;
}

/** An answered role whose confirmation is stale (confirmation-expiry.domain): who, and since when. */
export interface StaleRole {
  userId: string;
  role: RoleId;
  confirmedAt: Date;
}

export type DecisionNote =
  | { kind: 'due'; dueDate: string; daysLeft: number }
  | { kind: 'ready'; outcome: string }
  | { kind: 'none' };

export interface DigestPilot {
  id: string;
  name: string;
  /** Where its review card is (the digest links it) and the review (its *Record decision* button). */
  channelId?: string;
  reviewId?: string;
  stage: PilotStage;
  statuses: { signal: SignalId; status: SignalStatusValue }[];
  late: LateRole[];
  awaitingCount: number;
  /** Stale confirmations of the undecided round: the decision waits for them to be re-confirmed. */
  staleConfirmations: StaleRole[];
  overdueItems: DigestPlanItemRow[];
  flags: Pick<PilotFlag, 'kind' | 'detail'>[];
  decision: DecisionNote;
  /** Empty on a sponsor's first digest. */
  changes: string[];
  isNew: boolean;
}

export interface PortfolioSummary {
  total: number;
  stageCounts: Record<PilotStage, number>;
  /** Pilots that reached production (incl. after their 90-day review); conversion() of this and total. */
  inProduction: number;
  /** Pilots in pilot purgatory, by name; an at-risk pilot is counted in atRisk instead. */
  purgatory: string[];
  atRisk: number;
}

export interface SponsorDigest {
  sponsorId: string;
  pilots: DigestPilot[];
  /** Pilots in the last digest that are closed now (name and stage). */
  closedSince: { name: string; stage: PilotStage }[];
  firstDigest: boolean;
  portfolio: PortfolioSummary;
  snapshot: PilotSnapshot[];
}

export interface DigestInput {
  sponsorId: string;
  /** The sponsor's pilots (any stage); only open ones are reported. */
  pilots: DigestPilotRow[];
  reviews: ReadonlyMap<string, DigestReviewRow>;
  openItems: ReadonlyMap<string, DigestPlanItemRow[]>;
  previous: PilotSnapshot[] | null;
  portfolio: PortfolioSummary;
  answerWindowMs: number;
  /** CONFIRMATION_VALID_FOR in force; without it no confirmation is judged stale. */
  confirmationValidForMs?: number;
  /** The sponsor's calendar day (YYYY-MM-DD), for overdue items and days left. */
  today: string;
  now: Date;
}

/** Stage counts, pilot → production conversion and the purgatory list of a workspace. */
export function portfolioSummary(pilots: readonly DigestPilotRow[]): PortfolioSummary {
  const stageCounts = Object.fromEntries(PILOT_STAGES.map((s) => [s, 0])) as Record<PilotStage, number>;
  const purgatory: string[] = [];
  let atRisk = 0;
  for (const p of pilots) {
    stageCounts[p.stage]++;
    if (p.flags.some((f) => f.kind === 'purgatory')) purgatory.push(p.name);
    else if (p.flags.some((f) => f.kind === 'at_risk')) atRisk++;
  }
  const inProduction = stageCounts.production + stageCounts.reviewed_90d;
  return {
    total: pilots.length,
    stageCounts,
    inProduction,
    purgatory: purgatory.sort((a, b) => a.localeCompare(b)),
    atRisk,
  };
}

function lateRoles(pilot: DigestPilotRow, review: DigestReviewRow | undefined, windowMs: number, now: Date) {
  if (!review || pilot.stage !== 'in_review' || review.decidedRound >= review.round) {
    return { late: [] as LateRole[], awaiting: 0 };
  }
  const awaiting = ROLE_IDS.filter((r) => !review.answeredRoles.includes(r));
  const isLate = now.getTime() - review.roundStartedAt.getTime() >= windowMs;
  const late = isLate
    ? awaiting.flatMap((role) => (pilot.stakeholders[role] ? [{ userId: pilot.stakeholders[role], role }] : []))
    : [];
  return { late, awaiting: awaiting.length };
}

function staleRoles(
  pilot: DigestPilotRow,
  review: DigestReviewRow | undefined,
  validForMs: number | undefined,
  now: Date,
): StaleRole[] {
  if (!review || !validForMs || pilot.stage !== 'in_review' || review.decidedRound >= review.round) return [];
  const stale = staleConfirmations({
    answeredRoles: review.answeredRoles,
    confirmedAt: confirmationTimes(
      { round: review.round, ...(review.confirmations ? { confirmations: review.confirmations } : {}) },
      [],
    ),
    now,
    validForMs,
  });
  return stale.flatMap((s) => {
    const userId = pilot.stakeholders[s.role];
    return userId ? [{ userId, ...s }] : [];
  });
}

function decisionNote(pilot: DigestPilotRow, review: DigestReviewRow | undefined, today: string): DecisionNote {
  if (pilot.decisionDueAt) {
    const dueDate = pilot.decisionDueAt.toISOString().slice(0, 10);
    const daysLeft = Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    return { kind: 'due', dueDate, daysLeft };
  }
  const undecided = review && review.decidedRound < review.round && review.outcome !== 'collecting';
  return pilot.stage === 'in_review' && undecided ? { kind: 'ready', outcome: review.outcome } : { kind: 'none' };
}

export function snapshotOf(
  pilot: DigestPilotRow,
  review: DigestReviewRow | undefined,
  openItems: number,
): PilotSnapshot {
  return {
    pilotId: pilot.id,
    name: pilot.name,
    stage: pilot.stage,
    statuses: Object.fromEntries((review?.statuses ?? []).map((s) => [s.signal, s.status])),
    flags: pilot.flags.map((f) => f.kind),
    openItems,
  };
}

const FLAG_WORDS: Record<PilotFlag['kind'], string> = {
  at_risk: 'at risk',
  purgatory: 'in purgatory',
  stale: 'stale',
  overrunning: 'overrunning',
  overdue: 'overdue plan items',
};

/** What changed for one pilot between two snapshots, in words the view can show as they are. */
export function changesSince(before: PilotSnapshot, after: PilotSnapshot): string[] {
  const out: string[] = [];
  if (before.stage !== after.stage) out.push(`Stage: ${STAGE_LABELS[before.stage]} → ${STAGE_LABELS[after.stage]}`);
  for (const signal of SIGNAL_IDS) {
    const was = before.statuses[signal] ?? 'pending';
    const is = after.statuses[signal] ?? 'pending';
    if (was !== is) out.push(`${SIGNAL_SHORT[signal]}: ${was} → ${is}`);
  }
  for (const kind of after.flags) if (!before.flags.includes(kind)) out.push(`Flag raised: ${FLAG_WORDS[kind]}`);
  for (const kind of before.flags) if (!after.flags.includes(kind)) out.push(`Flag cleared: ${FLAG_WORDS[kind]}`);
  const done = before.openItems - after.openItems;
  if (done > 0) out.push(`${done} plan ${done === 1 ? 'item' : 'items'} done`);
  return out;
}

/** Pilots that need the sponsor first: purgatory and decisions due, then other flags, then the late. */
function attention(p: DigestPilot): number {
  let score = 0;
  if (p.flags.some((f) => f.kind === 'purgatory')) score += 100;
  if (p.decision.kind !== 'none') score += 50;
  score +=
    p.flags.length * 10 +
    p.overdueItems.length * 3 +
    (p.late.length + p.staleConfirmations.length) * 2 +
    p.changes.length;
  return score;
}

/**
 * One sponsor's digest, or null when the sponsor has nothing open (no digest is sent then).
 * Pilots are ordered by how much they need the sponsor, then by name.
 */
export function buildSponsorDigest(input: DigestInput): SponsorDigest | null {
  const open = input.pilots.filter((p) => OPEN_STAGES.includes(p.stage));
  if (open.length === 0) return null;
  const before = new Map((input.previous ?? []).map((s) => [s.pilotId, s]));
  const snapshot: PilotSnapshot[] = [];
  const pilots = open.map((p): DigestPilot => {
    const review = input.reviews.get(p.id);
    const items = input.openItems.get(p.id) ?? [];
    const snap = snapshotOf(p, review, items.length);
    snapshot.push(snap);
    const prev = before.get(p.id);
    const { late, awaiting } = lateRoles(p, review, input.answerWindowMs, input.now);
    return {
      id: p.id,
      name: p.name,
      channelId: p.channelId,
      ...(review?.id ? { reviewId: review.id } : {}),
      stage: p.stage,
      statuses: review?.statuses ?? [],
      late,
      awaitingCount: awaiting,
      staleConfirmations: staleRoles(p, review, input.confirmationValidForMs, input.now),
      overdueItems: items.filter((i) => i.dueDate < input.today),
      flags: p.flags,
      decision: decisionNote(p, review, input.today),
      changes: prev ? changesSince(prev, snap) : [],
      isNew: input.previous !== null && !prev,
    };
  });
  pilots.sort((a, b) => attention(b) - attention(a) || a.name.localeCompare(b.name));
  const openIds = new Set(open.map((p) => p.id));
  const stageNow = new Map(input.pilots.map((p) => [p.id, p.stage]));
  const closedSince = (input.previous ?? [])
    .filter((s) => !openIds.has(s.pilotId))
    .map((s) => ({ name: s.name, stage: stageNow.get(s.pilotId) ?? s.stage }));
  return {
    sponsorId: input.sponsorId,
    pilots,
    closedSince,
    firstDigest: input.previous === null,
    portfolio: input.portfolio,
    snapshot,
  };
}
