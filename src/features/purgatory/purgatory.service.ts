import type { Cadence } from '../../config/settings.js';
import { installedWorkspaces } from '../../jobs/for-each-item.js';
import { eachConcurrently } from '../../shared/each-concurrently.js';
import type { Logger } from '../../shared/logger.js';
import type { Notifier } from '../../slack/notifier.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import { bucketForDay, scanBucketOf } from '../pilots/scan-schedule.domain.js';
import type { ReviewService } from '../reviews/review.service.js';
import {
  alertKey,
  alertSteps,
  assessFlags,
  cadenceKey,
  crossings,
  decisionDueAt,
  type FlagPlanItem,
  nextScanDay,
  promisingSince,
  sameFlags,
  scanDays,
  sponsorAlertKey,
} from './purgatory.domain.js';
import type { FlagWrite, PurgatoryOwners, PurgatoryRepo, ScanPilot, ScanReview } from './purgatory.repo.js';
import { purgatoryAlert, purgatorySponsorDm } from './purgatory.views.js';

/** What the scan uses besides its repository (src/app/compose.ts passes them; tests pass their own). */
export interface PurgatoryDeps {
  notifier: Pick<Notifier, 'post' | 'dm'>;
  logger: Logger;
  cadenceFor(teamId: string): Promise<Cadence>;
  repos: { deliveries: Pick<DeliveryStore, 'once'> } & PurgatoryOwners;
  services: { reviews: Pick<ReviewService, 'refreshCard'> };
  /** Workspaces without an installation are skipped: no alerts, no card refreshes, flags left as they are. */
  isInstalled(teamId: string): Promise<boolean>;
}

export interface ScanSummary {
  pilots: number;
  changed: number;
  alerts: number;
  failed: number;
}

interface Pending {
  write: FlagWrite;
  /** The flags, promising date or decision date change (not just the scan's bookkeeping). */
  changed: boolean;
  pilot: ScanPilot;
  review: ScanReview | undefined;
  crossed: PilotFlag[];
}

const FLUSH_EVERY = 500;
/** Pilots joined with their reviews and plan items at a time: one `$in` query each (IDS_PER_QUERY). */
const PILOTS_PER_BATCH = 500;

export interface PurgatoryOptions {
  /** Tests make it small to put pilots across batch boundaries. */
  pilotsPerBatch?: number;
}
/** Slack calls of one flush in flight at once: enough to overlap their waits, few enough to stay polite. */
const SLACK_CALLS_AT_ONCE = 4;

/**
 * The daily purgatory scan: per workspace, the pilots streamed and joined with their reviews and plan
 * items batch by batch (memory grows with the batch, not the workspace), flags assessed in memory, bulk
 * writes of the pilots whose flags changed, and one channel alert per crossing into *at risk* or *in purgatory*.
 */
export class PurgatoryService {
  private readonly pilotsPerBatch: number;

  constructor(
    private readonly deps: PurgatoryDeps,
    private readonly repo: PurgatoryRepo,
    options: PurgatoryOptions = {},
  ) {
    this.pilotsPerBatch = options.pilotsPerBatch ?? PILOTS_PER_BATCH;
  }

  async scanAll(now: Date): Promise<ScanSummary> {
    const total: ScanSummary = { pilots: 0, changed: 0, alerts: 0, failed: 0 };
    const installed = installedWorkspaces('purgatory.scan', (t) => this.deps.isInstalled(t), this.deps.logger);
    const teams: string[] = [];
    for (const teamId of await this.repo.teams()) if (await installed(teamId)) teams.push(teamId);
    // Two workspaces at a time: one's reads overlap the other's writes (the database takes one write at a time).
    const next = () => teams.shift();
    const worker = async () => {
      for (let teamId = next(); teamId !== undefined; teamId = next()) await this.scanOne(teamId, now, total);
    };
    await Promise.all([worker(), worker()]);
    return total;
  }

  private async scanOne(teamId: string, now: Date, total: ScanSummary): Promise<void> {
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

  /**
   * One workspace. After a scan on a recent day with the same thresholds, only the pilots that can have
   * changed are read: those due by time since that day, those marked by a change, and a fourteenth of the
   * rest as a fortnightly safety net. Otherwise (first scan, new thresholds, a long pause) every pilot.
   */
  async scanTeam(teamId: string, now: Date): Promise<ScanSummary> {
    const cadence = await this.deps.cadenceFor(teamId);
    const today = now.toISOString().slice(0, 10);
    const key = cadenceKey(cadence);
    const state = await this.repo.scanState(teamId);
    const days = state && state.cadenceKey === key ? scanDays(state.lastScanDay, today) : null;
    const summary: ScanSummary = { pilots: 0, changed: 0, alerts: 0, failed: 0 };
    const scan = new TeamScan(this, teamId, cadence, now, summary);
    const pilots = days ? this.repo.duePilots(teamId, days, bucketForDay(today)) : this.repo.pilotsOf(teamId);
    for await (const batch of inBatches(pilots, this.pilotsPerBatch)) {
      const reviews = await this.repo.reviewsFor(
        teamId,
        batch.map((p) => p.id),
      );
      const items = await this.repo.openPlanItemsFor(
        teamId,
        [...reviews.values()].map((r) => r.id),
      );
      for (const pilot of batch) await scan.assess(pilot, reviews.get(pilot.id), items.get(pilot.id) ?? []);
    }
    await scan.finish();
    await this.repo.saveScanState(teamId, { lastScanDay: today, cadenceKey: key }, !days, now);
    return summary;
  }

  /**
   * Alerts first (each claimed by its dedupe key), then the flag writes, then the cards. A pilot whose
   * alert could not be sent keeps its old flags, so the next scan sees the crossing again and retries.
   */
  async flush(batch: Pending[], now: Date, summary: ScanSummary): Promise<void> {
    const writes: Pending[] = [];
    const crossed: Pending[] = [];
    // Pilots' alerts a few at a time (each pilot's own in order); which pilots finish first does not matter.
    await eachConcurrently(batch, SLACK_CALLS_AT_ONCE, async (p) => {
      try {
        const steps = alertSteps(p.review);
        for (const flag of p.crossed) {
          const sent = await this.deps.repos.deliveries.once(alertKey(p.pilot.id, flag), p.pilot.teamId, now, () =>
            this.deps.notifier.post(
              p.pilot.teamId,
              p.pilot.channelId,
              purgatoryAlert(p.pilot, flag, p.review?.id, steps),
            ),
          );
          if (sent.status === 'sent') summary.alerts++;
          // The channel names nobody; the sponsor hears it in private, once (a failed DM retries with the pilot).
          const sponsor = p.pilot.sponsorId;
          if (sponsor) {
            await this.deps.repos.deliveries.once(sponsorAlertKey(p.pilot.id, flag), p.pilot.teamId, now, () =>
              this.deps.notifier.dm(p.pilot.teamId, sponsor, purgatorySponsorDm(p.pilot, flag, p.review?.id, steps)),
            );
          }
        }
        writes.push(p);
        if (p.crossed.length > 0) crossed.push(p);
      } catch (err) {
        summary.failed++;
        this.deps.logger.warn(
          { err, teamId: p.pilot.teamId, pilotId: p.pilot.id },
          'purgatory alert failed; will retry',
        );
        // Re-marked so tomorrow's scan retries it; if even that fails, the fortnightly re-check does.
        await this.repo
          .markForScan(p.pilot.teamId, p.pilot.id, now)
          .catch((markErr: unknown) =>
            this.deps.logger.warn(
              { err: markErr, pilotId: p.pilot.id },
              'could not re-mark the pilot for the next scan',
            ),
          );
      }
    });
    await this.repo.writeFlags(writes.map((p) => p.write));
    summary.changed += writes.filter((p) => p.changed).length;
    // A few cards at a time: each refresh is a handful of reads and one chat.update, mostly waiting.
    await eachConcurrently(crossed, SLACK_CALLS_AT_ONCE, async (p) => {
      if (!p.review) return;
      await this.deps.services.reviews
        .refreshCard(p.pilot.teamId, p.review.id, { fromScan: true })
        .catch((err: unknown) => this.deps.logger.warn({ err, pilotId: p.pilot.id }, 'card refresh failed'));
    });
  }
}

/** One workspace's pass: each pilot assessed in memory, the changed ones flushed in batches. */
class TeamScan {
  private pending: Pending[] = [];

  constructor(
    private readonly service: PurgatoryService,
    private readonly teamId: string,
    private readonly cadence: Cadence,
    private readonly now: Date,
    private readonly summary: ScanSummary,
  ) {}

  async assess(pilot: ScanPilot, review: ScanReview | undefined, items: FlagPlanItem[]): Promise<void> {
    const { cadence, now } = this;
    this.summary.pilots++;
    const flags = assessFlags(pilot, review ?? null, items, cadence, now);
    const since = promisingSince(pilot, review ?? null);
    const due = decisionDueAt(pilot, flags, now);
    const scanDueOn = nextScanDay(pilot, review ?? null, items, cadence, now);
    const scanBucket = pilot.scanBucket ?? scanBucketOf(pilot.id);
    const newlyPromising = !pilot.promisingAt && since !== undefined;
    const dueChanged = (due?.getTime() ?? null) !== (pilot.decisionDueAt?.getTime() ?? null);
    const changed = !sameFlags(pilot.flags, flags) || newlyPromising || dueChanged;
    if (!changed && pilot.scanDueOn === scanDueOn && pilot.scanBucket === scanBucket) return;
    const write: FlagWrite = {
      teamId: this.teamId,
      pilotId: pilot.id,
      stage: pilot.stage,
      flags,
      scanDueOn,
      scanBucket,
      scanMarkedAt: pilot.scanMarkedAt ?? null,
      ...(since ? { promisingAt: since } : {}),
      ...(due ? { decisionDueAt: due } : {}),
    };
    this.pending.push({ write, changed, pilot, review, crossed: crossings(pilot.flags, flags) });
    if (this.pending.length >= FLUSH_EVERY) await this.finish();
  }

  async finish(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) await this.service.flush(batch, this.now, this.summary);
  }
}

/** A stream cut into arrays of at most `size`; only the array being filled is held. */
async function* inBatches<T>(rows: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
