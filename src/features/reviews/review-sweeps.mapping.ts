import type { RoleId, SignalId, SignalStatusValue } from '../../core/catalog.domain.js';
import type { ReviewPortfolioRow, ReviewScanRow } from './review.port.js';

/** Projections and mappers of ReviewRepo's bulk reads (the sweeps of ReviewSweeps); no queries here. */
export const SCAN_REVIEW_FIELDS = { pilotId: 1, statuses: 1, answeredRoles: 1, openedAt: 1, lastActivityAt: 1 };

/** A review document read with SCAN_REVIEW_FIELDS. */
export interface RawScanReview {
  _id: unknown;
  pilotId: string;
  statuses?: { signal: SignalId; status: string }[];
  answeredRoles?: RoleId[];
  openedAt: Date;
  lastActivityAt?: Date;
}

export function scanReview(r: RawScanReview): ReviewScanRow {
  return {
    id: String(r._id),
    pilotId: r.pilotId,
    statuses: (r.statuses ?? []).map((s) => ({ signal: s.signal, status: s.status })),
    answeredRoles: r.answeredRoles ?? [],
    openedAt: r.openedAt,
    lastActivityAt: r.lastActivityAt ?? r.openedAt,
  };
}

export const PORTFOLIO_REVIEW_FIELDS = {
  pilotId: 1,
  statuses: 1,
  answeredRoles: 1,
  outcome: 1,
  round: 1,
  decidedRound: 1,
  rounds: 1,
  openedAt: 1,
  confirmations: 1,
};

/** A review document read with PORTFOLIO_REVIEW_FIELDS. */
export interface RawPortfolioReview {
  _id: unknown;
  pilotId: string;
  statuses?: { signal: SignalId; status: SignalStatusValue }[];
  answeredRoles?: RoleId[];
  outcome: string;
  round: number;
  decidedRound?: number;
  rounds?: { n: number; startedAt: Date }[];
  openedAt: Date;
  confirmations?: Partial<Record<RoleId, Date>>;
}

export function portfolioReview(r: RawPortfolioReview): ReviewPortfolioRow {
  const current = (r.rounds ?? []).find((x) => x.n === r.round);
  return {
    id: String(r._id),
    pilotId: r.pilotId,
    statuses: (r.statuses ?? []).map((s) => ({ signal: s.signal, status: s.status })),
    answeredRoles: r.answeredRoles ?? [],
    outcome: r.outcome,
    round: r.round,
    decidedRound: r.decidedRound ?? 0,
    roundStartedAt: current?.startedAt ?? r.openedAt,
    ...(r.confirmations ? { confirmations: r.confirmations } : {}),
  };
}
