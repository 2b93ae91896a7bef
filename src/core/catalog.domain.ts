/**
 * The five stakeholder roles and five scale-readiness signals of a gate review, and the stages a pilot moves through.
 * Their ids are stable: they are stored in the database and in manifests.
 */
export const ROLE_IDS = [
  'executive_sponsor',
  'operational_lead',
  'technology_lead',
  'governance_lead',
  'change_lead',
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

export const ROLE_LABELS: Record<RoleId, string> = {
  executive_sponsor: 'Executive sponsor',
  operational_lead: 'Operational lead',
  technology_lead: 'Technology lead',
  governance_lead: 'Governance lead',
  change_lead: 'Change lead',
};

export const SIGNAL_IDS = [
  'kpi_validation',
  'data_infrastructure',
  'governance',
  'user_adoption',
  'operational_ownership',
] as const;
export type SignalId = (typeof SIGNAL_IDS)[number];

export const SIGNAL_LABELS: Record<SignalId, string> = {
  kpi_validation: 'KPIs validated on representative data',
  data_infrastructure: 'Data infrastructure at production volume',
  governance: 'Governance and compliance tested',
  user_adoption: 'End users trained, adoption plan active',
  operational_ownership: 'Operational ownership assigned',
};

/** Short names for grids and narrow layouts. */
export const SIGNAL_SHORT: Record<SignalId, string> = {
  kpi_validation: 'KPIs',
  data_infrastructure: 'Data',
  governance: 'Governance',
  user_adoption: 'Adoption',
  operational_ownership: 'Ownership',
};

export const SIGNAL_STATUSES = ['pending', 'confirmed', 'conditional', 'failed'] as const;
export type SignalStatusValue = (typeof SIGNAL_STATUSES)[number];

/** Assessments are the three non-pending statuses. Lower rank is worse. */
export type Assessment = Exclude<SignalStatusValue, 'pending'>;
export const ASSESSMENT_RANK: Record<Assessment, number> = { failed: 0, conditional: 1, confirmed: 2 };

export const STATUS_EMOJI: Record<SignalStatusValue, string> = {
  confirmed: '🟢',
  conditional: '🟡',
  failed: '🔴',
  pending: '⚪',
};

export const PILOT_STAGES = [
  'registered',
  'in_review',
  'pre_production',
  'production',
  'reviewed_90d',
  'paused',
  'terminated',
] as const;
export type PilotStage = (typeof PILOT_STAGES)[number];

export const STAGE_LABELS: Record<PilotStage, string> = {
  registered: 'Registered',
  in_review: 'In review',
  pre_production: 'Pre-production (gap closure)',
  production: 'Production',
  reviewed_90d: 'Production, 90-day review done',
  paused: 'Paused',
  terminated: 'Terminated',
};

export const DECISIONS = ['proceed', 'gap_closure', 'pause', 'terminate'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_LABELS: Record<Decision, string> = {
  proceed: 'Proceed to production',
  gap_closure: 'Continue in pre-production with a gap-closure plan',
  pause: 'Pause',
  terminate: 'Terminate',
};
