import type { Cadence } from '../../config/settings.js';
import { evidenceBySignal } from '../../core/evidence.domain.js';
import { computeSignalStatuses } from '../../core/signal-status.domain.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import type { FileUploads } from '../../slack/file-uploads.js';
import type { SlackClients } from '../../slack/slack-clients.js';
import type { AuditTrail } from '../audit/audit.port.js';
import { auditCsv, auditJson, fileSlug, verdictLine } from '../audit/audit-export.domain.js';
import type { DecisionRecordService } from '../decisions/decision-record.service.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import { type PortfolioChart, portfolioChart } from '../digests/portfolio-chart.domain.js';
import { renderChart } from '../digests/portfolio-chart.lazy.js';
import { uploadPortfolioChart } from '../digests/portfolio-chart.upload.js';
import type { NudgeService } from '../nudges/nudge.service.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { PilotAudience } from '../pilots/pilot-audience.service.js';
import { crosswalkRows } from '../reviews/crosswalk.domain.js';
import type { ManifestProvider } from '../reviews/manifest-provider.js';
import { mayHavePlanItems } from '../reviews/plan-items.domain.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { PlanItem, Review, StoredSignalStatus } from '../reviews/review.types.js';
import { currentAnswers } from '../reviews/rounds.domain.js';
import { crosswalkCsv } from './crosswalk-csv.domain.js';
import { evidenceCsv } from './evidence-csv.domain.js';
import { type ListedPilot, listChartComment } from './gate-list.views.js';

export interface GateCommandServiceDeps {
  pilots: Pick<PilotStore, 'listForTeam'>;
  reviews: Pick<ReviewStore, 'byPilots' | 'planItems' | 'answerHistory'>;
  manifests: Pick<ManifestProvider, 'get'>;
  records: Pick<DecisionRecordService, 'latest'>;
  audit: Pick<AuditTrail, 'trail'>;
  deliveries: Pick<DeliveryStore, 'once'>;
  audience: Pick<PilotAudience, 'session'>;
  nudges: Pick<NudgeService, 'remindNow'>;
  clients: Pick<SlackClients, 'forTeam'>;
  /** Uploads the portfolio chart after `/gate list`; without it no chart is sent. */
  files?: FileUploads;
  /** The workspace's at-risk and purgatory thresholds, the chart's two rule lines. */
  cadenceFor(teamId: string): Promise<Pick<Cadence, 'purgatoryWarnAfterMs' | 'purgatoryAfterMs'>>;
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
  clock: Clock;
  logger: Logger;
}

/** What the read-only and reminder subcommands of `/gate` (list, status, remind, export) need beyond the pilot lookup. */
export class GateCommandService {
  constructor(private readonly d: GateCommandServiceDeps) {}

  isGateAdmin(teamId: string, userId: string): Promise<boolean> {
    return this.d.isGateAdmin(teamId, userId);
  }

  /**
   * The crosswalk and evidence CSVs of the review as it stands: the manifest it was opened with, the
   * answers that count now.
   */
  private async answerCsvs(pilot: Pilot, review: Review): Promise<{ crosswalk: string; evidence: string }> {
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const answers = currentAnswers(review, await this.d.reviews.answerHistory(pilot.teamId, review.id));
    const signals = computeSignalStatuses({ manifest, answers, pilot: { regulated: pilot.regulated } });
    return {
      crosswalk: crosswalkCsv(crosswalkRows({ manifest, answers, signals })),
      evidence: evidenceCsv(signals, evidenceBySignal(answers)),
    };
  }

  /** The workspace's pilots the caller may see, with their signal grid, by name. */
  async listed(teamId: string, userId: string): Promise<ListedPilot[]> {
    // Pilots of private channels only for their insiders and the channels' members (pilot-visibility.policy.ts).
    const pilots = await this.d.audience.session(teamId).visible(await this.d.pilots.listForTeam(teamId), userId);
    const reviews = await this.d.reviews.byPilots(
      teamId,
      pilots.map((p) => p.id),
    );
    const statusesOf = new Map<string, StoredSignalStatus[]>(reviews.map((r) => [r.pilotId, r.statuses]));
    return pilots
      .map((p) => ({ ...p, statuses: statusesOf.get(p.id) ?? [] }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The portfolio chart of `pilots` (what `/gate list` showed) against the workspace's thresholds. */
  async listChart(teamId: string, pilots: readonly ListedPilot[]): Promise<PortfolioChart> {
    const cadence = await this.d.cadenceFor(teamId);
    const thresholds = { atRiskAfterMs: cadence.purgatoryWarnAfterMs, purgatoryAfterMs: cadence.purgatoryAfterMs };
    const rows = pilots.map((p) => ({
      name: p.name,
      stage: p.stage,
      stageSince: p.stageSince ?? p.createdAt ?? null,
      flags: p.flags,
    }));
    return portfolioChart(rows, thresholds, this.d.clock.now());
  }

  /**
   * Draws the chart of the pilots `/gate list` showed and uploads it into the caller's DM with PilotGate:
   * the list is an ephemeral reply, which cannot carry a file, and the DM keeps pilots only the caller may
   * see out of the channel. False, logged, when drawing or uploading fails (the list has answered already).
   */
  async sendListChart(teamId: string, userId: string, pilots: readonly ListedPilot[]): Promise<boolean> {
    if (!this.d.files || pilots.length === 0) return false;
    try {
      const chart = await this.listChart(teamId, pilots);
      const image = await renderChart(chart.spec);
      const client = await this.d.clients.forTeam(teamId);
      const dm = await client.conversations.open({ users: userId });
      const channel = String(dm.channel?.id);
      const comment = listChartComment(pilots.length);
      await uploadPortfolioChart(this.d.files, { teamId, channel, comment }, chart, image);
      return true;
    } catch (err) {
      this.d.logger.warn({ err, teamId, userId }, 'portfolio chart of /gate list not sent; the list itself was');
      return false;
    }
  }

  /** The review's plan items; none without a read when no decision was ever recorded on it. */
  async planItems(review: Pick<Review, 'teamId' | 'id' | 'decisionCount' | 'decisions'>): Promise<PlanItem[]> {
    return mayHavePlanItems(review) ? this.d.reviews.planItems(review.teamId, review.id) : [];
  }

  /**
   * Nudges everyone who owes answers now, through the nudge service (so a manual reminder counts toward
   * escalation and reaches a deputy when the holder is away). A second `/gate remind` for the same
   * review within the same minute (a double-typed command, two instances) sends nothing: the delivery
   * store's unique key claims the minute. Returns the number of DMs sent, or null for a repeat.
   */
  async remindOnce(pilot: Pilot, review: Review, by: string): Promise<number | null> {
    const now = this.d.clock.now();
    const key = `remind:${review.id}:r${review.round}:${Math.floor(now.getTime() / 60_000)}`;
    let sent = 0;
    const outcome = await this.d.deliveries.once(key, pilot.teamId, now, async () => {
      sent = await this.d.nudges.remindNow(pilot.teamId, review.id, by);
      return { channel: 'remind', ts: String(sent) };
    });
    return outcome.status === 'sent' ? sent : null;
  }

  /**
   * Uploads the review's audit trail (CSV and JSON), its crosswalk and evidence CSVs and its latest
   * decision record to the caller's DM; returns the line that sums it up.
   */
  async uploadAuditTrail(pilot: Pilot, review: Review, userId: string): Promise<string> {
    const now = this.d.clock.now();
    // Chain, head on the review and HMAC with the server key: a deleted tail or a re-hashed rewrite shows.
    const { events, verdict } = await this.d.audit.trail(pilot.teamId, review.id);
    const stem = `pilotgate-audit-${fileSlug(pilot.name)}-${now.toISOString().slice(0, 10)}`;
    const client = await this.d.clients.forTeam(pilot.teamId);
    const dm = await client.conversations.open({ users: userId });
    const line = `${events.length} events. ${verdictLine(verdict)}`;
    const { crosswalk, evidence } = await this.answerCsvs(pilot, review);
    const record = await this.d.records.latest(pilot, events);
    const json = auditJson({
      pilot: { id: pilot.id, name: pilot.name },
      reviewId: review.id,
      exportedAt: now,
      events,
      verdict,
    });
    await client.filesUploadV2({
      channel_id: String(dm.channel?.id),
      initial_comment: `Audit trail of ${escapeMrkdwn(pilot.name)}: ${line} The crosswalk maps its answers to the EU AI Act, NIST AI RMF and ISO/IEC 42001 controls its questions cite (an aid, not a legal opinion); the evidence file lists every link and file attached to each signal.`,
      file_uploads: [
        { file: Buffer.from(auditCsv(events), 'utf8'), filename: `${stem}.csv`, title: `${stem}.csv` },
        { file: Buffer.from(json, 'utf8'), filename: `${stem}.json`, title: `${stem}.json` },
        csvUpload(crosswalk, `${stem.replace('-audit-', '-crosswalk-')}.csv`),
        csvUpload(evidence, `${stem.replace('-audit-', '-evidence-')}.csv`),
        ...(record ? [{ file: record.pdf, filename: record.filename, title: record.filename }] : []),
      ],
    });
    this.d.logger.info(
      { teamId: pilot.teamId, reviewId: review.id, userId, events: events.length },
      'audit trail exported',
    );
    return line;
  }
}

const csvUpload = (csv: string, filename: string) => ({ file: Buffer.from(csv, 'utf8'), filename, title: filename });
