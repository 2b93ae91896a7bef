import type { Cadence } from '../../config/settings.js';
import type { Logger } from '../../shared/logger.js';
import type { Notifier } from '../../slack/notifier.js';
import type { DeliveryRepo } from '../delivery/delivery.repo.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import type { ReviewService } from '../reviews/review.service.js';
import { alertKey, assessFlags, crossings, decisionDueAt, promisingSince, sameFlags } from './purgatory.domain.js';
import { type FlagWrite, PurgatoryRepo, type ScanPilot, type ScanReview } from './purgatory.repo.js';
import { purgatoryAlert } from './purgatory.views.js';

/** The slice of Deps the scan uses (the app passes its Deps; tests pass just these). */
export interface PurgatoryDeps {
  notifier: Pick<Notifier, 'post'>;
  logger: Logger;
  cadenceFor(teamId: string): Promise<Cadence>;
  repos: { deliveries: Pick<DeliveryRepo, 'once'> };
  services: { reviews: Pick<ReviewService, 'refreshCard'> };
}

export interface ScanSummary {
  pilots: number;
  changed: number;
  alerts: number;
  failed: number;
}

interface Pending {
  write: FlagWrite;
  pilot: ScanPilot;
  review: ScanReview | undefined;
  crossed: PilotFlag[];
}

const FLUSH_EVERY = 500;

/**
 * The daily purgatory scan: per workspace, three bulk reads, flags assessed in memory, one bulk write
 * of the pilots whose flags changed, and one channel alert per crossing into *at risk* or *in purgatory*.
 */
export class PurgatoryService {
  constructor(
    private readonly deps: PurgatoryDeps,
    private readonly repo = new PurgatoryRepo(),
  ) {}

  async scanAll(now: Date): Promise<ScanSummary> {
    const total: ScanSummary = { pilots: 0, changed: 0, alerts: 0, failed: 0 };
    for (const teamId of await this.repo.teams()) {
      try {
        const s = await this.scanTeam(teamId, now);
        total.pilots += s.pilots;
        total.changed += s.changed;
        total.alerts += s.alerts;
        total.failed += s.failed;
      } catch (err) {
        // One workspace failing (a revoked token, a bad override) must not stop the others.
        total.failed++;
        this.deps.logger.error({ err, teamId, job: 'purgatory.scan' }, 'purgatory scan failed for a workspace');
      }
    }
    return total;
  }

  async scanTeam(teamId: string, now: Date): Promise<ScanSummary> {
    const cadence = await this.deps.cadenceFor(teamId);
    const reviews = await this.repo.reviewsByPilot(teamId);
    const items = await this.repo.openPlanItemsByPilot(teamId);
    const summary: ScanSummary = { pilots: 0, changed: 0, alerts: 0, failed: 0 };
    let pending: Pending[] = [];
    for await (const pilot of this.repo.pilotsOf(teamId)) {
      summary.pilots++;
      const review = reviews.get(pilot.id);
      const flags = assessFlags(pilot, review ?? null, items.get(pilot.id) ?? [], cadence, now);
      const since = promisingSince(pilot, review ?? null);
      const due = decisionDueAt(pilot, flags, now);
      const newlyPromising = !pilot.promisingAt && since !== undefined;
      const dueChanged = (due?.getTime() ?? null) !== (pilot.decisionDueAt?.getTime() ?? null);
      if (sameFlags(pilot.flags, flags) && !newlyPromising && !dueChanged) continue;
      const write: FlagWrite = {
        teamId,
        pilotId: pilot.id,
        stage: pilot.stage,
        flags,
        ...(since ? { promisingAt: since } : {}),
        ...(due ? { decisionDueAt: due } : {}),
      };
      pending.push({ write, pilot, review, crossed: crossings(pilot.flags, flags) });
      if (pending.length >= FLUSH_EVERY) {
        await this.flush(pending, now, summary);
        pending = [];
      }
    }
    await this.flush(pending, now, summary);
    return summary;
  }

  /**
   * Alerts first (each claimed by its dedupe key), then the flag writes, then the cards. A pilot whose
   * alert could not be sent keeps its old flags, so the next scan sees the crossing again and retries.
   */
  private async flush(batch: Pending[], now: Date, summary: ScanSummary): Promise<void> {
    const writes: FlagWrite[] = [];
    const crossed: Pending[] = [];
    for (const p of batch) {
      try {
        for (const flag of p.crossed) {
          const sent = await this.deps.repos.deliveries.once(alertKey(p.pilot.id, flag), p.pilot.teamId, now, () =>
            this.deps.notifier.post(p.pilot.teamId, p.pilot.channelId, purgatoryAlert(p.pilot, flag, p.review?.id)),
          );
          if (sent.status === 'sent') summary.alerts++;
        }
        writes.push(p.write);
        if (p.crossed.length > 0) crossed.push(p);
      } catch (err) {
        summary.failed++;
        this.deps.logger.warn(
          { err, teamId: p.pilot.teamId, pilotId: p.pilot.id },
          'purgatory alert failed; will retry',
        );
      }
    }
    await this.repo.writeFlags(writes);
    summary.changed += writes.length;
    for (const p of crossed) {
      if (!p.review) continue;
      await this.deps.services.reviews
        .refreshCard(p.pilot.teamId, p.review.id)
        .catch((err: unknown) => this.deps.logger.warn({ err, pilotId: p.pilot.id }, 'card refresh failed'));
    }
  }
}
