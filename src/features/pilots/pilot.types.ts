import type { PilotStage, RoleId } from '../../core/catalog.domain.js';
import type { SeparationException } from './separation-of-duties.domain.js';

export interface Kpi {
  name: string;
  baseline: string;
  target: string;
}

export interface PilotFlag {
  kind: 'at_risk' | 'purgatory' | 'stale' | 'overrunning' | 'overdue';
  since: Date;
  detail: string;
}

export interface MonitoringPlan {
  metrics: { metric: string; threshold: string }[];
  incidentOwners: string;
  capturedAt: Date;
  capturedBy: string;
}

/**
 * A role change's later steps (the review's copy of the roles, its audit events, the invites and the DMs),
 * written with the change in one update and removed once they all ran; the repair job takes over a marker
 * left unclaimed since its grace period.
 */
export interface RoleChangeFollowUp {
  /** The pilot's rolesVersion this change wrote. */
  version: number;
  reviewId: string;
  before: Record<RoleId, string>;
  after: Record<RoleId, string>;
  actor: string;
  at: Date;
  /** The exception a gate admin recorded with the change (its own audit event). */
  recorded?: SeparationException;
  claimedAt: Date;
}

/** A pilot as stored: one Slack workspace, one channel, moving through the stages of pilot-lifecycle.domain.ts. */
export interface Pilot {
  id: string;
  teamId: string;
  enterpriseId?: string;
  channelId: string;
  /** Whether channelId is a private channel (conversations.info at registration); unset on older pilots. */
  channelPrivate?: boolean;
  name: string;
  nameKey: string;
  useCase: string;
  businessUnit: string;
  plannedKpiValidationDate: string;
  kpis: Kpi[];
  killCriteria: string;
  scaleCriteria: string;
  regulated: boolean;
  stakeholders: Record<RoleId, string>;
  /** How many role changes the stakeholders went through (unset: none since registration). */
  rolesVersion?: number;
  /** The latest role change while its later steps are still to run. */
  rolesFollowUp?: RoleChangeFollowUp;
  deputies: Partial<Record<RoleId, string>>;
  createdBy: string;
  stage: PilotStage;
  flags: PilotFlag[];
  promisingAt?: Date;
  decisionDueAt?: Date;
  productionAt?: Date;
  /** When the pilot entered its current stage; unset until its first move (then createdAt holds). */
  stageSince?: Date;
  monitoringPlan?: MonitoringPlan;
  /**
   * A gate admin's exception to separation of duties (separation-of-duties.domain.ts), recorded with the
   * registration or a role change; kept while the people it covers hold those roles.
   */
  separationException?: SeparationException;
  /** The purgatory scan's bookkeeping (purgatory.domain.ts): 'now' once something changed. */
  scanDueOn?: string;
  createdAt: Date;
  updatedAt: Date;
}
