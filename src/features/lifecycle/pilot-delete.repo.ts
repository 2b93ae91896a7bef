import type { PilotDataOwner, PilotRef } from '../../db/team-data.port.js';
import { toObjectId } from '../../db/to-entity.js';
import type { PilotDataCounts } from './pilot-data.types.js';

/** The owners a pilot delete goes through (built by the composition root). */
export interface PilotDataOwners {
  /** The reviews' owner also names the pilot's reviews. */
  reviews: PilotDataOwner & { reviewIdsOfPilot(teamId: string, pilotId: string): Promise<string[]> };
  /** The owners of the documents of the pilot's reviews, deleted in this order before the reviews. */
  others: PilotDataOwner[];
  /** The pilot itself, deleted last. */
  pilots: PilotDataOwner;
  settings: { ensureExists(teamId: string): Promise<void> };
}

const KINDS = ['reviews', 'answers', 'auditEvents', 'planItems', 'drafts', 'nudges', 'reviews90', 'portfolioLog'];

/**
 * One pilot's documents, always within its workspace (every owner filters by the teamId), counted and
 * deleted through their owners: a composition over the owners' ports, no query of its own.
 */
export class PilotDeleteRepo {
  constructor(private readonly owners: PilotDataOwners) {}

  async count(teamId: string, pilotId: string): Promise<PilotDataCounts> {
    const ref = await this.ref(teamId, pilotId);
    const parts = await Promise.all(
      [...this.owners.others, this.owners.reviews, this.owners.pilots].map((o) => o.countPilotData(ref)),
    );
    return counted<PilotDataCounts>(Object.assign({}, ...parts), KINDS);
  }

  /**
   * Deletes the pilot's reviews' documents, its reviews, then the pilot itself last, so a delete cut
   * short leaves the pilot in place to be deleted again. Returns what was deleted.
   */
  async delete(teamId: string, pilotId: string): Promise<PilotDataCounts & { pilots: number }> {
    if (!teamId || !toObjectId(pilotId)) throw new Error('deleting a pilot needs its team id and pilot id');
    const ref = await this.ref(teamId, pilotId);
    const out: Record<string, number> = {};
    for (const owner of [...this.owners.others, this.owners.reviews, this.owners.pilots]) {
      Object.assign(out, await owner.deletePilotData(ref));
    }
    return counted<PilotDataCounts & { pilots: number }>(out, [...KINDS, 'pilots']);
  }

  /**
   * The workspace chain's head lives on the workspace settings document, which must exist before the
   * chain's first event; a workspace that never saved settings gets one with nothing overridden.
   */
  async ensureWorkspaceDocument(teamId: string): Promise<void> {
    await this.owners.settings.ensureExists(teamId);
  }

  private async ref(teamId: string, pilotId: string): Promise<PilotRef> {
    return { teamId, pilotId, reviewIds: await this.owners.reviews.reviewIdsOfPilot(teamId, pilotId) };
  }
}

/** The owners' counts have exactly these kinds: an owner missing or extra fails loudly, not as a zero. */
function counted<T>(counts: Record<string, number>, kinds: string[]): T {
  const missing = kinds.filter((k) => typeof counts[k] !== 'number');
  const unknown = Object.keys(counts).filter((k) => !kinds.includes(k));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(`pilot delete owners do not match its counts: missing ${missing}; unknown ${unknown}`);
  }
  return counts as T;
}
