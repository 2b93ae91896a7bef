import type { Cadence } from '../../config/settings.js';
import { installedWorkspaces } from '../../jobs/for-each-item.js';
import type { Logger } from '../../shared/logger.js';
import { formatLocal, localDay } from '../../shared/time.js';
import type { Notifier } from '../../slack/notifier.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import type { PilotAudience } from '../pilots/pilot-audience.service.js';
import {
  buildSponsorDigest,
  type DigestPilotRow,
  OPEN_STAGES,
  portfolioSummary,
  type SponsorDigest,
} from './digest.domain.js';
import type { DigestOwners, DigestRepo } from './digest.repo.js';
import { digestMessage } from './digest.views.js';
import { DIGEST_CATCH_UP_MS, digestDue, digestKey, latestOccurrence } from './digest-schedule.domain.js';

/** What the digest uses besides its repository (src/app/compose.ts passes them; tests pass their own). */
export interface DigestDeps {
  notifier: Pick<Notifier, 'dm' | 'userProfile'>;
  logger: Logger;
  cadenceFor(teamId: string): Promise<Cadence>;
  repos: { deliveries: Pick<DeliveryStore, 'once'> } & DigestOwners;
  /** Workspaces without an installation are skipped (their sponsors get no digest). */
  isInstalled(teamId: string): Promise<boolean>;
  /** The portfolio part shows each sponsor only the pilots they may see (private channels). */
  services: { audience: Pick<PilotAudience, 'session'> };
}

/** How far back the previous digest may be to say "what changed" (a few missed weeks at most). */
const COMPARE_WINDOW_MS = 35 * 86_400_000;

export interface DueSponsor {
  sponsorId: string;
  occurrence: Date;
  timeZone: string;
}

export interface DigestRunSummary {
  due: number;
  sent: number;
  failed: number;
}

/**
 * The weekly sponsor digest. Each run, per workspace: which sponsors' `digestCron` moment has just
 * passed in their own time zone and not been sent; for those, one bulk read of the workspace's pilots,
 * reviews and plan items, one digest per sponsor, each sent once (dedupe key) and snapshotted.
 */
export class DigestService {
  constructor(
    private readonly deps: DigestDeps,
    private readonly repo: DigestRepo,
  ) {}

  async runAll(now: Date): Promise<DigestRunSummary> {
    const total: DigestRunSummary = { due: 0, sent: 0, failed: 0 };
    const installed = installedWorkspaces('digests.weekly', (t) => this.deps.isInstalled(t), this.deps.logger);
    for (const teamId of await this.repo.teams()) {
      try {
        if (!(await installed(teamId))) continue;
        const s = await this.runTeam(teamId, now);
        total.due += s.due;
        total.sent += s.sent;
        total.failed += s.failed;
      } catch (err) {
        total.failed++;
        this.deps.logger.error({ err, teamId, job: 'digests.weekly' }, 'digest run failed for a workspace');
      }
    }
    return total;
  }

  async runTeam(teamId: string, now: Date): Promise<DigestRunSummary> {
    const pilots = await this.repo.pilotsOf(teamId);
    const due = await this.dueSponsors(teamId, sponsorsWithOpenPilots(pilots), now);
    const summary: DigestRunSummary = { due: due.length, sent: 0, failed: 0 };
    if (due.length === 0) return summary;
    const digests = await this.build(teamId, pilots, due, now);
    for (const { sponsor, digest } of digests) {
      try {
        const msg = digestMessage(digest, formatLocal(sponsor.occurrence, sponsor.timeZone));
        const sent = await this.deps.repos.deliveries.once(
          digestKey(teamId, sponsor.sponsorId, sponsor.occurrence),
          teamId,
          now,
          () => this.deps.notifier.dm(teamId, sponsor.sponsorId, msg),
        );
        if (sent.status === 'sent') summary.sent++;
        await this.repo.saveSnapshot(teamId, sponsor.sponsorId, sponsor.occurrence, now, digest.snapshot);
      } catch (err) {
        summary.failed++;
        this.deps.logger.warn({ err, teamId, sponsorId: sponsor.sponsorId }, 'digest not sent; the next run retries');
      }
    }
    return summary;
  }

  /**
   * Builds the digests of `due` sponsors from one bulk read of the workspace (also the benchmark's entry
   * point). Sponsors with nothing open get none.
   */
  async build(
    teamId: string,
    pilots: DigestPilotRow[],
    due: DueSponsor[],
    now: Date,
  ): Promise<{ sponsor: DueSponsor; digest: SponsorDigest }[]> {
    // Independent reads at once: the database works on them side by side while this process decodes.
    const [cadence, reviews, openItems, previous] = await Promise.all([
      this.deps.cadenceFor(teamId),
      this.repo.reviewsByPilot(teamId),
      this.repo.openPlanItemsByPilot(teamId),
      this.repo.latestSnapshots(
        teamId,
        due.map((d) => d.sponsorId),
        new Date(now.getTime() - COMPARE_WINDOW_MS),
      ),
    ]);
    // Each sponsor's portfolio leaves out the private pilots they may not see. Privacy is per channel (asked
    // once each), so only the private pilots are checked per sponsor: sponsors × pilots checks at once ran a
    // 10,000-pilot, 2,000-sponsor workspace out of memory. Most see all, so they share one summary.
    const audience = this.deps.services.audience.session(teamId);
    const privacy = await Promise.all(pilots.map((p) => audience.isPrivate(p)));
    const open = pilots.filter((_p, i) => !privacy[i]);
    const hidden = pilots.filter((_p, i) => privacy[i]);
    const everything = portfolioSummary(pilots);
    const portfolios: ReturnType<typeof portfolioSummary>[] = [];
    for (const d of due) {
      const seen = hidden.length === 0 ? hidden : await audience.visible(hidden, d.sponsorId);
      portfolios.push(seen.length === hidden.length ? everything : portfolioSummary([...open, ...seen]));
    }
    const bySponsor = groupBySponsor(pilots);
    return due.flatMap((sponsor, i) => {
      const portfolio = portfolios[i] ?? portfolioSummary([]);
      const digest = buildSponsorDigest({
        sponsorId: sponsor.sponsorId,
        pilots: bySponsor.get(sponsor.sponsorId) ?? [],
        reviews,
        openItems,
        previous: previous.get(sponsor.sponsorId) ?? null,
        portfolio,
        answerWindowMs: cadence.nudgeFirstAfterMs,
        today: localDay(now, sponsor.timeZone),
        now,
      });
      return digest ? [{ sponsor, digest }] : [];
    });
  }

  /** Sponsors whose latest cron moment, in their own zone, passed within the catch-up window unsent. */
  async dueSponsors(teamId: string, sponsorIds: string[], now: Date): Promise<DueSponsor[]> {
    if (sponsorIds.length === 0) return [];
    const { digestCron } = await this.deps.cadenceFor(teamId);
    const sent = new Set(
      (await this.repo.sentSince(teamId, new Date(now.getTime() - 2 * DIGEST_CATCH_UP_MS))).map(
        (s) => `${s.sponsorId}|${new Date(s.occurrence).toISOString()}`,
      ),
    );
    const due: DueSponsor[] = [];
    for (const sponsorId of sponsorIds) {
      const timeZone = await this.deps.notifier
        .userProfile(teamId, sponsorId)
        .then((p) => p.tz)
        .catch(() => 'UTC');
      const occurrence = latestOccurrence(digestCron, timeZone, now);
      if (digestDue(occurrence, now, !!occurrence && sent.has(`${sponsorId}|${occurrence.toISOString()}`))) {
        due.push({ sponsorId, occurrence, timeZone });
      }
    }
    return due;
  }
}

function sponsorsWithOpenPilots(pilots: DigestPilotRow[]): string[] {
  const ids = new Set<string>();
  for (const p of pilots) {
    const sponsor = p.stakeholders.executive_sponsor;
    if (sponsor && OPEN_STAGES.includes(p.stage)) ids.add(sponsor);
  }
  return [...ids].sort();
}

function groupBySponsor(pilots: DigestPilotRow[]): Map<string, DigestPilotRow[]> {
  const out = new Map<string, DigestPilotRow[]>();
  for (const p of pilots) {
    const sponsor = p.stakeholders.executive_sponsor;
    if (!sponsor) continue;
    const list = out.get(sponsor) ?? [];
    list.push(p);
    out.set(sponsor, list);
  }
  return out;
}
