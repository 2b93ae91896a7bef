/**
 * Builds a decision record from what is stored: the pilot as registered, the review, the answers that
 * count (with the evidence attached to them), the statuses computed from them, the plan or monitoring plan
 * the decision set, and the chain head. Names are resolved by the caller (`nameOf`), so this stays pure.
 */
import type { Answers } from '../../core/answers.domain.js';
import {
  DECISION_LABELS,
  ROLE_IDS,
  ROLE_LABELS,
  type RoleId,
  SIGNAL_LABELS,
  STAGE_LABELS,
} from '../../core/catalog.domain.js';
import { FRAMEWORK_NAMES } from '../../core/controls.domain.js';
import { STATUS_WORDS } from '../../core/glossary.domain.js';
import type { ManifestSet } from '../../core/manifest.domain.js';
import type { SignalStatusView } from '../../core/signal-status.domain.js';
import type { MonitoringPlan, Pilot } from '../pilots/pilot.types.js';
import { RULE_TEXT } from '../pilots/separation-of-duties.domain.js';
import { crosswalkRows } from '../reviews/crosswalk.domain.js';
import type { PlanItem, RecordedDecision, Review } from '../reviews/review.types.js';
import { answerText } from '../reviews/review-details.domain.js';
import { attributedTitle, signalEvidence } from '../reviews/signal-evidence.domain.js';
import type { DecisionRecordInput } from './decision-record.domain.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface DecisionRecordSource {
  pilot: Pilot;
  review: Review;
  decision: RecordedDecision;
  manifest: ManifestSet;
  answers: Partial<Record<RoleId, Answers>>;
  signals: readonly SignalStatusView[];
  planItems: readonly PlanItem[];
  monitoringPlan?: MonitoringPlan;
  auditHead: { seq: number; hash: string } | null;
  /** A Slack user's display name ("Dana Ruiz"), or the id when unknown. */
  nameOf: (userId: string) => string;
}

type RecordSignal = DecisionRecordInput['signals'][number];

/** The crosswalk grouped by control, in the crosswalk's order; each question carries its signal's evidence. */
function crosswalkAppendix(
  s: DecisionRecordSource,
  signals: readonly RecordSignal[],
): DecisionRecordInput['crosswalk'] {
  const evidenceOf = new Map(signals.map((x) => [x.label, x.evidence]));
  const controls = new Map<string, NonNullable<DecisionRecordInput['crosswalk']>[number]>();
  for (const row of crosswalkRows({ ...s, mention: s.nameOf })) {
    const key = `${row.framework}\u0000${row.control}`;
    const control = controls.get(key) ?? {
      framework: FRAMEWORK_NAMES[row.framework],
      control: row.control,
      title: row.title,
      questions: [],
    };
    controls.set(key, control);
    control.questions.push({
      role: ROLE_LABELS[row.role],
      question: row.question,
      answer: row.answer,
      signal: row.signal,
      status: row.status ? STATUS_WORDS[row.status] : '',
      evidence: row.signal ? [...(evidenceOf.get(row.signal) ?? [])] : [],
    });
  }
  return [...controls.values()];
}

export function buildDecisionRecord(s: DecisionRecordSource): DecisionRecordInput {
  const { pilot, review, decision, nameOf } = s;
  const mentions = (text: string) => text.replace(/<@(\w+)>/g, (_m, id: string) => nameOf(id));
  const assessmentLabel = (role: RoleId, signal: string): string | undefined => {
    const q = s.manifest.questionnaires[role].questions.find((x) => x.kind === 'assessment' && x.signal === signal);
    const value = q ? s.answers[role]?.[q.id] : undefined;
    if (q?.kind !== 'assessment' || typeof value !== 'string') return undefined;
    return q.options.find((o) => o.label.toLowerCase().startsWith(value))?.label ?? capitalised(value);
  };
  const evidence = signalEvidence(s.answers);
  const signals: RecordSignal[] = s.signals.map((v) => ({
    label: SIGNAL_LABELS[v.signal],
    status: capitalised(v.status),
    reasons: v.reasons,
    assessments: v.assessments.map((a) => ({
      role: ROLE_LABELS[a.role],
      person: nameOf(pilot.stakeholders[a.role]),
      assessment: assessmentLabel(a.role, v.signal) ?? capitalised(a.value),
    })),
    // Who attached it goes in the title: the record's schema (and so the bytes of older records) stays as it was.
    evidence: evidence[v.signal].map((e) => ({ kind: e.kind, title: attributedTitle(e), url: e.url })),
  }));
  return {
    layout: 1,
    pilot: {
      name: pilot.name,
      businessUnit: pilot.businessUnit,
      useCase: pilot.useCase,
      regulated: pilot.regulated,
      registeredAt: isoDay(pilot.createdAt),
      killCriteria: pilot.killCriteria,
      scaleCriteria: pilot.scaleCriteria,
      kpis: pilot.kpis.map((k) => ({ name: k.name, baseline: k.baseline, target: k.target })),
      ...(pilot.separationException
        ? {
            separationException: {
              by: nameOf(pilot.separationException.recordedBy),
              at: isoDay(new Date(pilot.separationException.recordedAt)),
              reason: pilot.separationException.reason,
              rules: pilot.separationException.rules.map((r) => RULE_TEXT[r]),
            },
          }
        : {}),
    },
    review: { id: review.id, round: decision.round, openedAt: isoDay(review.openedAt) },
    signals,
    disagreements: s.signals.flatMap((v) =>
      v.disagreement
        ? [
            {
              signal: SIGNAL_LABELS[v.signal],
              between: v.disagreement.roles
                .map(
                  (r) =>
                    `${ROLE_LABELS[r]} said ${capitalised(v.assessments.find((a) => a.role === r)?.value ?? 'pending')}`,
                )
                .join(', '),
              reconciled: `Not reconciled before the decision; the status counts the more severe assessment (${v.status}).`,
            },
          ]
        : [],
    ),
    businessCase: ROLE_IDS.flatMap((role) =>
      s.manifest.questionnaires[role].questions
        .filter((q) => q.businessCase !== undefined)
        .map((q) => ({
          role: ROLE_LABELS[role],
          question: q.label,
          answer: mentions(answerText(q, s.answers[role]?.[q.id] ?? null, (u) => `<@${u}>`)),
        })),
    ),
    decision: {
      label: DECISION_LABELS[decision.decision],
      ...(decision.reason ? { reason: decision.reason } : {}),
      by: nameOf(decision.by),
      at: decision.at.toISOString(),
      ...(decision.stageKept
        ? { stageNote: `The pilot stayed ${STAGE_LABELS[decision.stageKept]}: another change landed first.` }
        : {}),
      conditions: s.planItems.map((i) => ({
        signal: SIGNAL_LABELS[i.signal],
        action: i.action,
        owner: nameOf(i.ownerId),
        due: i.dueDate,
      })),
      ...(s.monitoringPlan
        ? {
            monitoring: {
              metrics: s.monitoringPlan.metrics.map((m) => ({
                metric: m.metric.replace(/_/g, ' '),
                threshold: m.threshold,
              })),
              incidentOwners: mentions(s.monitoringPlan.incidentOwners),
            },
          }
        : {}),
    },
    auditHead: s.auditHead,
    crosswalk: crosswalkAppendix(s, signals),
  };
}
