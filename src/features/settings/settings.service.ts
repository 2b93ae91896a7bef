import type { Cadence } from '../../config/settings.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { mention } from '../../slack/blocks.js';
import type { AuditTrail } from '../audit/audit.port.js';
import { settingsChanges } from './settings-audit.domain.js';
import {
  draftFromCadence,
  type SettingsDraft,
  type SettingsValidation,
  validateSettings,
} from './settings-form.domain.js';
import { effectiveSeparation } from './workspace-settings.domain.js';
import type { WorkspaceSettingsRepo } from './workspace-settings.repo.js';

export interface SettingsServiceDeps {
  workspaceSettings: Pick<WorkspaceSettingsRepo, 'get' | 'replace'>;
  audit: Pick<AuditTrail, 'appendWorkspace'>;
  /** The environment's cadence, the defaults the form's overrides replace. */
  defaults: Cadence;
  /** The shortest reminder cadence accepted (undefined: the production floor). */
  minNudgeMs: number | undefined;
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
  envGateAdmins(teamId: string): Promise<string[]>;
  cadenceFor(teamId: string): Promise<Cadence>;
  clock: Clock;
  logger: Logger;
}

/** `/gate settings`: who may change a workspace's settings, the form's content, and saving it with its audit trail. */
export class SettingsService {
  constructor(private readonly d: SettingsServiceDeps) {}

  isGateAdmin(teamId: string, userId: string): Promise<boolean> {
    return this.d.isGateAdmin(teamId, userId);
  }

  /** Who may change settings, in words, for someone who may not. */
  async whoCanChange(teamId: string): Promise<string> {
    const workspace = (await this.d.workspaceSettings.get(teamId)).gateAdmins;
    const admins = [...new Set([...(await this.d.envGateAdmins(teamId)), ...workspace])];
    const how =
      'Gate admins are the user ids in the deployment’s GATE_ADMINS setting plus anyone a gate admin adds here.';
    return admins.length > 0
      ? `Only gate admins can change PilotGate settings: ${admins.map(mention).join(', ')}. ${how}`
      : `Only gate admins can change PilotGate settings, and this workspace has none yet. ${how} Ask whoever runs PilotGate to add your Slack user id to GATE_ADMINS.`;
  }

  /** The form as it opens: the cadence in force, the workspace's admins, and the admins the environment names. */
  async form(teamId: string): Promise<{ draft: SettingsDraft; defaults: Cadence; envAdmins: string[] }> {
    const [cadence, workspace] = await Promise.all([this.d.cadenceFor(teamId), this.d.workspaceSettings.get(teamId)]);
    return {
      draft: draftFromCadence(cadence, workspace.gateAdmins, effectiveSeparation(workspace.overrides)),
      defaults: this.d.defaults,
      envAdmins: await this.d.envGateAdmins(teamId),
    };
  }

  /**
   * The submitted form checked against the rules: overrides to save, or errors keyed by block id.
   * Digest pickers left empty keep the schedule in force (a custom one has no picker form).
   */
  async check(teamId: string, draft: SettingsDraft): Promise<SettingsValidation> {
    const inForce = (await this.d.cadenceFor(teamId)).digestCron;
    return validateSettings(draft, this.d.defaults, this.d.minNudgeMs, inForce);
  }

  /** Saves checked settings; each change (and each admin added or removed) goes to the workspace's audit chain. */
  async save(teamId: string, userId: string, checked: Extract<SettingsValidation, { ok: true }>): Promise<void> {
    const now = this.d.clock.now();
    const saved = await this.d.workspaceSettings.replace(teamId, checked.overrides, checked.gateAdmins, userId, now);
    for (const change of settingsChanges(saved.before, saved.after)) {
      await this.d.audit.appendWorkspace({ teamId, at: now, actor: userId, ...change });
    }
    this.d.logger.info(
      { teamId, by: userId, overrides: checked.overrides, gateAdmins: checked.gateAdmins },
      'workspace settings changed',
    );
  }
}
