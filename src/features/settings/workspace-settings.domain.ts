import type { Cadence } from '../../config/settings.js';
import type { QuietHours } from '../../core/quiet-hours.domain.js';

/** What a workspace may override; absent fields fall back to the environment defaults. */
export interface WorkspaceOverrides {
  nudgeFirstAfterMs?: number;
  nudgeEveryMs?: number;
  escalateAfterNudges?: number;
  staleAfterMs?: number;
  purgatoryWarnAfterMs?: number;
  purgatoryAfterMs?: number;
  review90dAfterMs?: number;
  confirmationValidForMs?: number;
  digestCron?: string;
  /** null turns quiet hours off for the workspace; undefined keeps the default. */
  quietHours?: QuietHours | null;
}

export interface WorkspaceSettings {
  teamId: string;
  overrides: WorkspaceOverrides;
  gateAdmins: string[];
  updatedBy?: string;
  updatedAt?: Date;
}

/** The cadence in force for a workspace: its overrides over the environment defaults. */
export function effectiveCadence(defaults: Cadence, overrides: WorkspaceOverrides): Cadence {
  const pick = <K extends keyof Cadence>(key: K): Cadence[K] =>
    (overrides[key as keyof WorkspaceOverrides] !== undefined
      ? overrides[key as keyof WorkspaceOverrides]
      : defaults[key]) as Cadence[K];
  return {
    nudgeFirstAfterMs: pick('nudgeFirstAfterMs'),
    nudgeEveryMs: pick('nudgeEveryMs'),
    escalateAfterNudges: pick('escalateAfterNudges'),
    staleAfterMs: pick('staleAfterMs'),
    purgatoryWarnAfterMs: pick('purgatoryWarnAfterMs'),
    purgatoryAfterMs: pick('purgatoryAfterMs'),
    review90dAfterMs: pick('review90dAfterMs'),
    confirmationValidForMs: pick('confirmationValidForMs'),
    digestCron: pick('digestCron'),
    quietHours: pick('quietHours'),
  };
}
