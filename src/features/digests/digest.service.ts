import type { Cadence } from '../../config/settings.js';
import { installedWorkspaces } from '../../jobs/for-each-item.js';
import type { Logger } from '../../shared/logger.js';
import { formatLocal, localDay } from '../../shared/time.js';
import type { FileUploads } from '../../slack/file-uploads.js';
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
import { type PortfolioChart, portfolioChart } from './portfolio-chart.domain.js';
import { type RenderedChart, renderChart } from './portfolio-chart.lazy.js';
import { uploadPortfolioChart } from './portfolio-chart.upload.js';

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
  /** Uploads the portfolio chart after each digest; without it (tests of the text alone) no chart is sent. */
  files?: FileUploads;
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
  /** Digests sent whose chart did not render or upload (the digest itself went out). */
  chartsFailed: number;
}

/** Renders each distinct chart once per run: sponsors who see the same pilots share one picture. */
export function chartRenderer(): (chart: PortfolioChart) => Promise<RenderedChart> {
  const drawn = new Map<PortfolioChart, Promise<RenderedChart>>();
  return (chart) => {
    const image = drawn.get(chart) ?? renderChart(chart.spec);
    drawn.set(chart, image);
    return image;
  };
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
    const total: DigestRunSummary = { due: 0, sent: 0, failed: 0, chartsFailed: 0 };
    const installed = installedWorkspaces('digests.weekly', (t) => this.deps.isInstalled(t), this.deps.logger);
    for (const teamId of await this.repo.teams()) {
      try {
        if (!(await installed(teamId))) continue;
        const s = await this.runTeam(teamId, now);
        total.due += s.due;
        total.sent += s.sent;
        total.failed += s.failed;
        total.chartsFailed += s.chartsFailed;
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
    const summary: DigestRunSummary = { due: due.length, sent: 0, failed: 0, chartsFailed: 0 };
    if (due.length === 0) return summary;
    const digests = await this.build(teamId, pilots, due, now);
    const draw = chartRenderer();
    for (const { sponsor, digest, chart } of digests) {
      let sentNow: { channel: string; ts: string } | null = null;
      try {
        const msg = digestMessage(digest, formatLocal(sponsor.occurrence, sponsor.timeZone));
        const sent = await this.deps.repos.deliveries.once(
          digestKey(teamId, sponsor.sponsorId, sponsor.occurrence),
          teamId,
          now,
          async () => {
            sentNow = await this.deps.notifier.dm(teamId, sponsor.sponsorId, msg);
            return sentNow;
          },
        );
        if (sent.status === 'sent') summary.sent++;
        await this.repo.saveSnapshot(teamId, sponsor.sponsorId, sponsor.occurrence, now, digest.snapshot);
      } catch (err) {
        summary.failed++;
        this.deps.logger.warn({ err, teamId, sponsorId: sponsor.sponsorId }, 'digest not sent; the next run retries');
      }
      // The message first, then its chart: a chart that fails never costs the sponsor the digest.
      if (sentNow && !(await this.sendChart(teamId, (sentNow as { channel: string }).channel, chart, draw))) {
        summary.chartsFailed++;
      }
    }
    return summary;
  }

  /** Draws and uploads the chart under the digest; false (logged) when either fails. */
  private async sendChart(
    teamId: string,
    channel: string,
    chart: PortfolioChart,
    draw: (chart: PortfolioChart) => Promise<RenderedChart>,
  ): Promise<boolean> {
    if (!this.deps.files) return true;
    try {
      await uploadPortfolioChart(this.deps.files, { teamId, channel }, chart, await draw(chart));
      return true;
    } catch (err) {
      this.deps.logger.warn({ err, teamId, channel }, 'portfolio chart not sent; the digest itself was');
      return false;
    }
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
  ): Promise<{ sponsor: DueSponsor; digest: SponsorDigest; chart: PortfolioChart }[]> {
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
    const thresholds = { atRiskAfterMs: cadence.purgatoryWarnAfterMs, purgatoryAfterMs: cadence.purgatoryAfterMs };
    const everything = {
      summary: portfolioSummary(pilots),
      chart: portfolioChart(pilots.map(chartRow), thresholds, now),
    };
    const portfolios: (typeof everything)[] = [];
    for (const d of due) {
      const seen = hidden.length === 0 ? hidden : await audience.visible(hidden, d.sponsorId);
      const visible = [...open, ...seen];
      portfolios.push(
        seen.length === hidden.length
          ? everything
          : { summary: portfolioSummary(visible), chart: portfolioChart(visible.map(chartRow), thresholds, now) },
      );
    }
    const bySponsor = groupBySponsor(pilots);
    return due.flatMap((sponsor, i) => {
      const { summary: portfolio, chart } = portfolios[i] ?? {
        summary: portfolioSummary([]),
        chart: portfolioChart([], thresholds, now),
      };
      const digest = buildSponsorDigest({
        sponsorId: sponsor.sponsorId,
        pilots: bySponsor.get(sponsor.sponsorId) ?? [],
        reviews,
        openItems,
        previous: previous.get(sponsor.sponsorId) ?? null,
        portfolio,
        answerWindowMs: cadence.nudgeFirstAfterMs,
        confirmationValidForMs: cadence.confirmationValidForMs,
        today: localDay(now, sponsor.timeZone),
        now,
      });
      return digest ? [{ sponsor, digest, chart }] : [];
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

const chartRow = (p: DigestPilotRow) => ({
  name: p.name,
  stage: p.stage,
  stageSince: p.stageSince ?? null,
  flags: p.flags,
});

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
