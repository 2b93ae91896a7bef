import type { Answers } from '../signals/signal-status.domain.js';
import type { Decision, RoleId, SignalId, SignalStatusValue } from './catalog.domain.js';

export type Outcome = 'collecting' | 'proceed' | 'continue_pre_production' | 'pause';

export interface StoredSignalStatus {
  signal: SignalId;
  status: SignalStatusValue;
  reasons: string[];
  awaiting: RoleId[];
  disagreement?: { roles: [RoleId, RoleId] };
}

export interface PlanItem {
  id: string;
  teamId: string;
  reviewId: string;
  pilotId: string;
  round: number;
  signal: SignalId;
  action: string;
  ownerId: string;
  dueDate: string;
  investment?: number;
  doneAt?: Date;
  doneBy?: string;
}

export interface RecordedDecision {
  decision: Decision;
  reason?: string;
  by: string;
  at: Date;
  round: number;
}

export interface ReviewRound {
  n: number;
  startedAt: Date;
  requiredRoles: RoleId[];
  reason: string;
}

/** A gate review: one per pilot, with every round it went through. */
export interface Review {
  id: string;
  teamId: string;
  pilotId: string;
  manifestVersion: string;
  round: number;
  rounds: ReviewRound[];
  statuses: StoredSignalStatus[];
  outcome: Outcome;
  answeredRoles: RoleId[];
  answerSeq: number;
  snapshotSeq: number;
  decisions: RecordedDecision[];
  /** The round a decision was last recorded for; guards against double submission. */
  decidedRound: number;
  /** How many decisions are recorded; every decision is a compare-and-set on it. */
  decisionCount: number;
  card?: { channel: string; ts: string };
  openedAt: Date;
  lastActivityAt: Date;
  decidedAt?: Date;
}

export interface StoredAnswer {
  teamId: string;
  reviewId: string;
  round: number;
  role: RoleId;
  userId: string;
  answers: Answers;
  submittedAt: Date;
}
