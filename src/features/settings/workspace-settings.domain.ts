import type { Cadence } from '../../config/settings.js';
import type { QuietHours } from '../../core/quiet-hours.domain.js';

/**
 * Where separation of duties applies (the sponsor is not the governance lead; one person holds at most two
 * roles): on regulated pilots only (the default), on every pilot, or nowhere.
 */
export const SEPARATION_CHOICES = ['regulated', 'all', 'off'] as const;
export type SeparationOfDuties = (typeof SEPARATION_CHOICES)[number];
export const DEFAULT_SEPARATION: SeparationOfDuties = 'regulated';

export const isSeparationChoice = (value: unknown): value is SeparationOfDuties =>
  (SEPARATION_CHOICES as readonly unknown[]).includes(value);

/** The workspace's separation-of-duties choice; anything unreadable stored falls back to the default. */
export function effectiveSeparation(overrides: WorkspaceOverrides): SeparationOfDuties {
  return isSeparationChoice(overrides.separationOfDuties) ? overrides.separationOfDuties : DEFAULT_SEPARATION;
}

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
  /** Not a cadence: no environment default, DEFAULT_SEPARATION when absent. */
  separationOfDuties?: SeparationOfDuties;
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
