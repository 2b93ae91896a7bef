/**
 * Publishes a decision's record: builds it from what is stored, renders the PDF, appends its SHA-256
 * (with the record's data, so it can be re-rendered and checked) to the review's audit chain, then posts
 * the PDF in the card's thread once. Runs after the ack; a failure is logged and the repair of the
 * decision's follow-up is not held up by it.
 */
import { computeSignalStatuses } from '../../core/signal-status.domain.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { SlackClients } from '../../slack/slack-clients.js';
import type { ChainedEvent } from '../audit/audit.domain.js';
import type { AuditTrail } from '../audit/audit.port.js';
import { fileSlug } from '../audit/audit-export.domain.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import type { MonitoringPlan, Pilot } from '../pilots/pilot.types.js';
import type { ManifestProvider } from '../reviews/manifest-provider.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { PlanItem, RecordedDecision, Review } from '../reviews/review.types.js';
import { currentAnswers } from '../reviews/rounds.domain.js';
import { decisionRecordComment } from './decision.views.js';
import { buildDecisionRecord } from './decision-record.build.domain.js';
import { DecisionRecordInput } from './decision-record.domain.js';
import { renderDecisionRecord, sha256Hex } from './decision-record.lazy.js';

/** The audit event that carries a record's hash and data. */
export const RECORD_EVENT = 'decision.record_rendered';

export interface DecisionRecordDeps {
  reviews: Pick<ReviewStore, 'answerHistory'>;
  audit: Pick<AuditTrail, 'forReview' | 'append' | 'findEvent'>;
  manifests: Pick<ManifestProvider, 'get'>;
  deliveries: Pick<DeliveryStore, 'once'>;
  clients: Pick<SlackClients, 'forTeam'>;
  names: { userProfile(teamId: string, userId: string): Promise<{ name: string }> };
  clock: Clock;
  logger: Logger;
}

export interface PublishedRecord {
  sha256: string;
  filename: string;
  pdf: Buffer;
}

export const recordFilename = (pilotName: string, decision: RecordedDecision) =>
  `pilotgate-decision-${fileSlug(pilotName)}-${decision.at.toISOString().slice(0, 10)}-round-${decision.round}.pdf`;

export class DecisionRecordService {
  constructor(private readonly d: DecisionRecordDeps) {}

  async publish(input: {
    pilot: Pilot;
    review: Review;
    decision: RecordedDecision;
    planItems: readonly PlanItem[];
    monitoringPlan?: MonitoringPlan;
  }): Promise<PublishedRecord> {
    const { pilot, review, decision } = input;
    const subject = `decision round ${decision.round}`;
    const at = decision.at;
    const stored = await this.d.audit.findEvent(pilot.teamId, review.id, { type: RECORD_EVENT, subject, at });
    const record = stored ? recordOf(stored) : await this.build(input);
    const pdf = await renderDecisionRecord(record);
    const sha256 = sha256Hex(pdf);
    if (!stored) {
      await this.d.audit.append({
        teamId: pilot.teamId,
        reviewId: review.id,
        at,
        actor: decision.by,
        type: RECORD_EVENT,
        subject,
        before: null,
        after: { sha256, record },
      });
    }
    const filename = recordFilename(pilot.name, decision);
    if (review.card) {
      const card = review.card;
      await this.d.deliveries.once(
        `decision-record:${review.id}:${decision.round}:${at.getTime()}`,
        pilot.teamId,
        this.d.clock.now(),
        async () => {
          const client = await this.d.clients.forTeam(pilot.teamId);
          await client.filesUploadV2({
            channel_id: card.channel,
            thread_ts: card.ts,
            initial_comment: decisionRecordComment(pilot.name, sha256),
            file_uploads: [{ file: pdf, filename, title: `Decision record: ${pilot.name}` }],
          });
          return { channel: card.channel, ts: card.ts };
        },
      );
    }
    this.d.logger.info({ teamId: pilot.teamId, reviewId: review.id, sha256 }, 'decision record published');
    return { sha256, filename, pdf };
  }

  /** The latest record in a review's trail, re-rendered from its stored data (for `/gate export`). */
  async latest(pilot: Pilot, events: readonly ChainedEvent[]): Promise<PublishedRecord | null> {
    const event = [...events].reverse().find((e) => e.type === RECORD_EVENT);
    if (!event) return null;
    const record = recordOf(event);
    const pdf = await renderDecisionRecord(record);
    const decision = { at: new Date(record.decision.at), round: record.review.round } as RecordedDecision;
    return { sha256: sha256Hex(pdf), filename: recordFilename(pilot.name, decision), pdf };
  }

  private async build(input: {
    pilot: Pilot;
    review: Review;
    decision: RecordedDecision;
    planItems: readonly PlanItem[];
    monitoringPlan?: MonitoringPlan;
  }): Promise<DecisionRecordInput> {
    const { pilot, review } = input;
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const answers = currentAnswers(review, await this.d.reviews.answerHistory(pilot.teamId, review.id));
    const signals = computeSignalStatuses({ manifest, answers, pilot: { regulated: pilot.regulated } });
    const events = await this.d.audit.forReview(pilot.teamId, review.id);
    const last = events.at(-1);
    const people = [
      ...new Set([
        ...Object.values(pilot.stakeholders),
        input.decision.by,
        ...(pilot.separationException ? [pilot.separationException.recordedBy] : []),
        ...input.planItems.map((i) => i.ownerId),
        ...[...(input.monitoringPlan?.incidentOwners ?? '').matchAll(/<@(\w+)>/g)].map((m) => m[1] as string),
      ]),
    ];
    const names = new Map<string, string>();
    for (const id of people) {
      const name = await this.d.names.userProfile(pilot.teamId, id).then(
        (p) => p.name,
        () => id,
      );
      names.set(id, name === id ? id : `${name} (${id})`);
    }
    return buildDecisionRecord({
      ...input,
      manifest,
      answers,
      signals,
      auditHead: last ? { seq: last.seq, hash: last.hash } : null,
      nameOf: (id) => names.get(id) ?? id,
    });
  }
}

/** The record stored in an audit event, checked against its schema. */
export function recordOf(event: Pick<ChainedEvent, 'after'>): DecisionRecordInput {
  return DecisionRecordInput.parse((event.after as { record: unknown }).record);
}

/**
 * Re-renders every record in a trail and compares its hash with the one stored beside it: a record is
 * intact only if the bytes it renders to today are the bytes whose hash the chain holds.
 */
export async function verifyDecisionRecords(
  events: readonly ChainedEvent[],
): Promise<{ reviewId: string; seq: number; ok: boolean; stored: string; rendered: string }[]> {
  const out = [];
  for (const e of events.filter((x) => x.type === RECORD_EVENT)) {
    const stored = String((e.after as { sha256?: unknown }).sha256 ?? '');
    const rendered = sha256Hex(await renderDecisionRecord(recordOf(e)));
    out.push({ reviewId: e.reviewId, seq: e.seq, ok: stored === rendered, stored, rendered });
  }
  return out;
}
