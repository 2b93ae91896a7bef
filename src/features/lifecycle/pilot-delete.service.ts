import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Notifier } from '../../slack/notifier.js';
import type { AuditTrail } from '../audit/audit.port.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { ReviewStore } from '../reviews/review.port.js';
import { deletedCardMessage } from './gate-delete.views.js';
import type { PilotDataCounts } from './pilot-data.types.js';
import type { PilotDeleteRepo } from './pilot-delete.repo.js';

export interface PilotDeleteServiceDeps {
  pilotData: Pick<PilotDeleteRepo, 'count' | 'delete' | 'ensureWorkspaceDocument'>;
  pilots: Pick<PilotStore, 'byId'>;
  reviews: Pick<ReviewStore, 'byPilot'>;
  audit: Pick<AuditTrail, 'appendWorkspace'>;
  notifier: Pick<Notifier, 'update'>;
  clock: Clock;
  logger: Logger;
}

export type PilotDeletion = { kind: 'gone' } | { kind: 'deleted'; pilot: Pilot; deleted: PilotDataCounts };

/** `/gate delete`: what a pilot's deletion would remove, and removing it for good with a trace in the audit trail. */
export class PilotDeleteService {
  constructor(private readonly d: PilotDeleteServiceDeps) {}

  /** How much data the pilot has, for the confirmation. */
  count(teamId: string, pilotId: string): Promise<PilotDataCounts> {
    return this.d.pilotData.count(teamId, pilotId);
  }

  /**
   * Deletes the pilot and everything of it. The record of the deletion is written first: a pilot is
   * never gone without a trace. A delete cut short after it leaves the pilot in place (it goes last),
   * so running /gate delete again finishes it.
   */
  async delete(teamId: string, userId: string, pilotId: string): Promise<PilotDeletion> {
    const pilot = await this.d.pilots.byId(teamId, pilotId);
    if (!pilot) return { kind: 'gone' };
    const [planned, review] = await Promise.all([
      this.d.pilotData.count(teamId, pilot.id),
      this.d.reviews.byPilot(teamId, pilot.id),
    ]);
    await this.d.pilotData.ensureWorkspaceDocument(teamId);
    await this.d.audit.appendWorkspace({
      teamId,
      at: this.d.clock.now(),
      actor: userId,
      type: 'pilot.deleted',
      subject: pilot.name,
      before: { pilotId: pilot.id, stage: pilot.stage, channelId: pilot.channelId },
      after: planned,
    });
    const deleted = await this.d.pilotData.delete(teamId, pilot.id);
    if (review?.card) {
      const card = deletedCardMessage(pilot.name, userId, this.d.clock.now());
      await this.d.notifier
        .update(teamId, review.card.channel, review.card.ts, card)
        .catch((err: unknown) =>
          this.d.logger.warn({ err, teamId, pilotId: pilot.id }, 'deleted pilot: card not updated'),
        );
    }
    this.d.logger.info({ teamId, by: userId, pilotId: pilot.id, deleted }, 'pilot deleted');
    return { kind: 'deleted', pilot, deleted };
  }
}
