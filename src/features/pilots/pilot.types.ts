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
  /** A gate admin's exception to separation of duties, recorded with the registration (separation-of-duties.domain.ts). */
  separationException?: SeparationException;
  /** The purgatory scan's bookkeeping (purgatory.domain.ts): 'now' once something changed. */
  scanDueOn?: string;
  createdAt: Date;
  updatedAt: Date;
}
