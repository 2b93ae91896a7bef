import type { TeamDataOwner } from '../../db/team-data.port.js';
import type { AnyModel } from '../../db/to-entity.js';
import type { InstallationPresence } from '../install/installation.port.js';
import { type WorkspaceLifecycle, WorkspaceLifecycleModel } from './workspace-lifecycle.model.js';

/** How long this process trusts that a team it saw active has no uninstall record. */
const SEEN_CACHE_MS = 60_000;

/** Uninstalled workspaces waiting out their retention, in one document per team. */
export class WorkspaceLifecycleRepo implements TeamDataOwner {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly installations: InstallationPresence,
    private readonly model: AnyModel = WorkspaceLifecycleModel as AnyModel,
  ) {}

  /** Records an uninstall (a repeated event keeps the first date, so the window is not stretched). */
  async markUninstalled(teamId: string, now: Date, purgeAfter: Date, why: string): Promise<WorkspaceLifecycle> {
    this.seen.delete(teamId);
    const doc = await this.model
      .findOneAndUpdate(
        { teamId },
        { $setOnInsert: { teamId, state: 'uninstalled', uninstalledAt: now, purgeAfter, why } },
        { upsert: true, new: true },
      )
      .lean<WorkspaceLifecycle>();
    if (!doc) throw new Error(`could not record the uninstall of ${teamId}`);
    return doc;
  }

  /**
   * The workspace is installed again (an install, or a request authorized from it): its data is kept.
   * A purge already under way is not undone. Checked at most once a minute per team and process.
   */
  async markInstalled(teamId: string): Promise<boolean> {
    const until = this.seen.get(teamId);
    if (until !== undefined && until > Date.now()) return false;
    const res = await this.model.deleteOne({ teamId, state: 'uninstalled' });
    this.seen.set(teamId, Date.now() + SEEN_CACHE_MS);
    return res.deletedCount === 1;
  }

  async get(teamId: string): Promise<WorkspaceLifecycle | null> {
    return this.model.findOne({ teamId }).lean<WorkspaceLifecycle>();
  }

  /** Moves a due record to `purging` (one atomic update), so a reinstall from now on cannot race the purge. */
  async claimPurge(teamId: string, now: Date): Promise<boolean> {
    const res = await this.model.updateOne(
      { teamId, state: { $in: ['uninstalled', 'purging'] }, purgeAfter: { $lte: now } },
      { $set: { state: 'purging' } },
    );
    return res.matchedCount === 1;
  }

  /** Teams whose retention ran out, for the daily sweep. */
  async due(now: Date, limit = 100): Promise<string[]> {
    const docs = await this.model
      .find({ purgeAfter: { $lte: now } }, { teamId: 1 })
      .limit(limit)
      .lean<{ teamId: string }[]>();
    return docs.map((d) => d.teamId);
  }

  /** Is there an installation of this team again (its own, or an org-wide one that served it)? */
  async installedAgain(teamId: string): Promise<boolean> {
    return this.installations.installedFor(teamId);
  }

  /** The workspace purge: every document of `teamId` in the collections this repository owns. */
  async deleteTeam(teamId: string): Promise<Record<string, number>> {
    return {
      workspace_lifecycle: (await this.model.deleteMany({ teamId })).deletedCount,
    };
  }
}
