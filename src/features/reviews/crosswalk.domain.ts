/**
 * The crosswalk: for each framework control the manifest questions cite, the questions that evidence it,
 * who answered, what, and the status and evidence of the signal the question belongs to. It helps the governance lead
 * prepare for an audit against a framework; it is not a legal opinion on compliance.
 */
import type { Answers } from '../../core/answers.domain.js';
import { ROLE_IDS, type RoleId, SIGNAL_LABELS, type SignalStatusValue } from '../../core/catalog.domain.js';
import { compareControls, controlTitle, FRAMEWORKS, type Framework } from '../../core/controls.domain.js';
import type { ManifestSet } from '../../core/manifest.domain.js';
import type { SignalStatusView } from '../../core/signal-status.domain.js';
import { answerText } from './review-details.domain.js';
import { type SignalEvidence, signalEvidence } from './signal-evidence.domain.js';

export interface CrosswalkRow {
  framework: Framework;
  control: string;
  /** The control's heading, when PilotGate knows it; empty otherwise. */
  title: string;
  role: RoleId;
  questionId: string;
  question: string;
  /** The answer in words; "—" when not answered yet. */
  answer: string;
  /** The signal the question evidences, or "" for a question outside the five signals (e.g. the business case). */
  signal: string;
  status: SignalStatusValue | '';
  /** The evidence of the question's signal, from every role (none outside the five signals). */
  evidence: SignalEvidence[];
}

/**
 * Every (control, question) pair of the manifest, in framework and control order, then role order. A person
 * answered is shown as `mention` writes them (the CSV: @U123; the decision record: their name).
 */
export function crosswalkRows(input: {
  manifest: ManifestSet;
  answers: Partial<Record<RoleId, Answers>>;
  signals: readonly SignalStatusView[];
  mention?: (userId: string) => string;
}): CrosswalkRow[] {
  const mention = input.mention ?? ((u: string) => `@${u}`);
  const statusOf = new Map(input.signals.map((s) => [s.signal, s.status]));
  const evidence = signalEvidence(input.answers);
  const rows: CrosswalkRow[] = [];
  for (const role of ROLE_IDS) {
    for (const question of input.manifest.questionnaires[role].questions) {
      for (const framework of FRAMEWORKS) {
        for (const control of question.controls?.[framework] ?? []) {
          rows.push({
            framework,
            control,
            title: controlTitle(framework, control) ?? '',
            role,
            questionId: question.id,
            question: question.label,
            answer: answerText(question, input.answers[role]?.[question.id] ?? null, mention),
            signal: question.signal ? SIGNAL_LABELS[question.signal] : '',
            status: question.signal ? (statusOf.get(question.signal) ?? 'pending') : '',
            evidence: question.signal ? evidence[question.signal] : [],
          });
        }
      }
    }
  }
  // Stable sort: within one control the rows keep role and question order.
  return rows.sort((a, b) =>
    compareControls({ framework: a.framework, id: a.control }, { framework: b.framework, id: b.control }),
  );
}
