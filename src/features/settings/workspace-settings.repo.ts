import type { TeamDataOwner } from '../../db/team-data.port.js';
import type { AnyModel } from '../../db/to-entity.js';
import type { WorkspaceOverrides, WorkspaceSettings } from './workspace-settings.domain.js';
import { WorkspaceSettingsModel } from './workspace-settings.model.js';

const CACHE_MS = 30_000;

/** Per-workspace settings with a short cache: jobs and listeners read them on every run. */
export class WorkspaceSettingsRepo implements TeamDataOwner {
  private readonly cache = new Map<string, { at: number; value: WorkspaceSettings }>();

  constructor(private readonly model: AnyModel = WorkspaceSettingsModel as AnyModel) {}

  async get(teamId: string): Promise<WorkspaceSettings> {
    const hit = this.cache.get(teamId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const doc = await this.model.findOne({ teamId }, { _id: 0 }).lean<WorkspaceSettings>();
    const value: WorkspaceSettings = doc ?? { teamId, overrides: {}, gateAdmins: [] };
    this.cache.set(teamId, { at: Date.now(), value });
    return value;
  }

  /** Replaces the workspace's overrides and admin list in one write. */
  async save(
    teamId: string,
    overrides: WorkspaceOverrides,
    gateAdmins: string[],
    by: string,
    now: Date,
  ): Promise<WorkspaceSettings> {
    return (await this.replace(teamId, overrides, gateAdmins, by, now)).after;
  }

  /** As save, and returns what the write replaced (read in the same write, for the audit trail). */
  async replace(
    teamId: string,
    overrides: WorkspaceOverrides,
    gateAdmins: string[],
    by: string,
    now: Date,
  ): Promise<{ before: WorkspaceSettings; after: WorkspaceSettings }> {
    const value: WorkspaceSettings = { teamId, overrides, gateAdmins, updatedBy: by, updatedAt: now };
    const previous = await this.model
      .findOneAndUpdate({ teamId }, { $set: value }, { upsert: true, returnDocument: 'before' })
      .lean<WorkspaceSettings>();
    this.cache.set(teamId, { at: Date.now(), value });
    return { before: previous ?? { teamId, overrides: {}, gateAdmins: [] }, after: value };
  }

  forget(teamId?: string): void {
    if (teamId) this.cache.delete(teamId);
    else this.cache.clear();
  }

  /**
   * The workspace chain's head lives on the settings document, which must exist before the chain's
   * first event; a workspace that never saved settings gets one with nothing overridden.
   */
  async ensureExists(teamId: string): Promise<void> {
    await this.model.updateOne(
      { teamId },
      { $setOnInsert: { teamId, overrides: {}, gateAdmins: [] } },
      { upsert: true },
    );
  }

  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      workspace_settings: (await this.model.deleteMany({ teamId })).deletedCount,
    };
  }
}
