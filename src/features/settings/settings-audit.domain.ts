import { canonicalJson } from '../audit/audit.domain.js';
import type { WorkspaceSettings } from './workspace-settings.domain.js';

export interface SettingsChange {
  type: 'settings.changed' | 'admins.changed';
  subject: string;
  before: unknown;
  after: unknown;
}

/** What a settings save changed, as audit events (nothing when the same values are saved again). */
export function settingsChanges(
  before: Pick<WorkspaceSettings, 'overrides' | 'gateAdmins'>,
  after: Pick<WorkspaceSettings, 'overrides' | 'gateAdmins'>,
): SettingsChange[] {
  const changes: SettingsChange[] = [];
  if (canonicalJson(before.overrides) !== canonicalJson(after.overrides)) {
    changes.push({
      type: 'settings.changed',
      subject: 'workspace settings',
      before: before.overrides,
      after: after.overrides,
    });
  }
  const admins = (list: string[]) => [...list].sort();
  if (canonicalJson(admins(before.gateAdmins)) !== canonicalJson(admins(after.gateAdmins))) {
    changes.push({
      type: 'admins.changed',
      subject: 'gate admins',
      before: before.gateAdmins,
      after: after.gateAdmins,
    });
  }
  return changes;
}
