/**
 * From answers to a status per signal: a signal is pending until every role that assesses it
 * has answered; then it is the worst of their assessments, lowered further by any cap. Every status
 * carries its reasons in words, each naming the role it comes from.
 */
import type { Answers, AnswerValue } from './answers.domain.js';
import { firedCaps } from './caps.domain.js';
import {
  ASSESSMENT_RANK,
  type Assessment,
  ROLE_IDS,
  ROLE_LABELS,
  type RoleId,
  SIGNAL_IDS,
  type SignalId,
  type SignalStatusValue,
} from './catalog.domain.js';
import { assessmentQuestion, type ManifestSet } from './manifest.domain.js';

export type { Answers, AnswerValue } from './answers.domain.js';

export interface SignalAssessment {
  role: RoleId;
  value: Assessment;
}

export interface SignalStatusView {
  signal: SignalId;
  status: SignalStatusValue;
  /** In words, most severe first, each naming its role: "Operational lead: KPIs measured on curated data". */
  reasons: string[];
  /** The assessments given so far, in role order. */
  assessments: SignalAssessment[];
  /** Assessors who have not answered yet, in role order. */
  awaiting: RoleId[];
  /** Two assessors two levels apart (confirmed vs failed), in role order. */
  disagreement?: { roles: [RoleId, RoleId] };
}

export interface SignalStatusInput {
  manifest: ManifestSet;
  /** A role's entry is present once that role has submitted its questionnaire. */
  answers: Partial<Record<RoleId, Answers>>;
  pilot: { regulated: boolean };
}

const ASSESSMENTS: readonly AnswerValue[] = ['confirmed', 'conditional', 'failed'];
const BY_RANK: Assessment[] = ['failed', 'conditional', 'confirmed'];

/**
 * The status of each of the five signals, in signal order.
 * Pending until all assessors answered; then the worst assessment, lowered by any cap that fired.
 */
export function computeSignalStatuses(input: SignalStatusInput): SignalStatusView[] {
  return SIGNAL_IDS.map((signal) => signalStatus(signal, input));
}

interface Note {
  rank: number;
  text: string;
}

function signalStatus(signal: SignalId, { manifest, answers, pilot }: SignalStatusInput): SignalStatusView {
  const assessors = manifest.purview[signal]?.assessors ?? [];
  const { assessments, awaiting, notes } = collectAssessments(signal, assessors, manifest, answers);
  const caps = ROLE_IDS.flatMap((role) => {
    const given = answers[role];
    return given ? firedCaps(manifest.questionnaires[role], role, given, pilot) : [];
  }).filter((cap) => cap.signal === signal);
  // A cap explains more than the bare assessment at the same level, so it sorts just before it.
  notes.push(
    ...caps.map((c) => ({ rank: ASSESSMENT_RANK[c.atMost] - 0.5, text: `${ROLE_LABELS[c.role]}: ${c.reason}` })),
  );
  const reasons = notes.sort((a, b) => a.rank - b.rank).map((n) => n.text);
  const disagreement = findDisagreement(assessments);
  const base = { signal, assessments, awaiting, ...(disagreement ? { disagreement } : {}) };
  if (assessors.length === 0) return { ...base, status: 'pending', reasons: ['No role assesses this signal'] };
  if (awaiting.length > 0) {
    const names = awaiting.map((r) => ROLE_LABELS[r]).join(', ');
    return { ...base, status: 'pending', reasons: [`Awaiting ${names}`, ...reasons] };
  }
  const ranks = [...assessments.map((a) => ASSESSMENT_RANK[a.value]), ...caps.map((c) => ASSESSMENT_RANK[c.atMost])];
  return { ...base, status: BY_RANK[Math.min(...ranks)]!, reasons };
}

/** The assessments given for a signal (with a note naming each), and the assessors still awaited. */
function collectAssessments(
  signal: SignalId,
  assessors: RoleId[],
  manifest: ManifestSet,
  answers: SignalStatusInput['answers'],
): { assessments: SignalAssessment[]; awaiting: RoleId[]; notes: Note[] } {
  const assessments: SignalAssessment[] = [];
  const awaiting: RoleId[] = [];
  const notes: Note[] = [];
  for (const role of assessors) {
    const question = assessmentQuestion(manifest.questionnaires[role], signal);
    const value = question ? answers[role]?.[question.id] : undefined;
    if (!question || !ASSESSMENTS.includes(value ?? null)) {
      awaiting.push(role);
      continue;
    }
    const assessment = value as Assessment;
    assessments.push({ role, value: assessment });
    const label = question.options.find((o) => o.label.toLowerCase().startsWith(assessment))?.label ?? assessment;
    notes.push({ rank: ASSESSMENT_RANK[assessment], text: `${ROLE_LABELS[role]}: ${label}` });
  }
  return { assessments, awaiting, notes };
}

/** The first pair of assessments two levels apart (one confirmed, one failed). */
function findDisagreement(assessments: SignalAssessment[]): { roles: [RoleId, RoleId] } | undefined {
  for (const [i, a] of assessments.entries()) {
    for (const b of assessments.slice(i + 1)) {
      if (Math.abs(ASSESSMENT_RANK[a.value] - ASSESSMENT_RANK[b.value]) === 2) return { roles: [a.role, b.role] };
    }
  }
  return undefined;
}
