/**
 * The loaded set of questionnaires and who assesses what. Pure: the loader reads files and hashes,
 * this module derives the purview and checks the rules that span every role's questionnaire.
 */
import { ROLE_IDS, type RoleId, SIGNAL_IDS, type SignalId } from './catalog.domain.js';
import type { AssessmentQuestion, Question, Questionnaire } from './manifest.schema.js';

export interface PurviewEntry {
  primary: RoleId;
  /** Every role that assesses the signal (the primary included), in role order. */
  assessors: RoleId[];
}
export type Purview = Record<SignalId, PurviewEntry>;

export interface ManifestSet {
  /** First 12 hex digits of the sha256 of the canonical questionnaires; a review stores it. */
  version: string;
  questionnaires: Record<RoleId, Questionnaire>;
  purview: Purview;
}

/** One problem found in a manifest: where (file, path inside it) and what is wrong. */
export interface ManifestProblem {
  file: string;
  path: string;
  message: string;
}

/** A questionnaire with the file (and the path inside it) it came from. */
export interface LocatedQuestionnaire {
  file: string;
  /** Path prefix inside the file: '' for a one-role file, 'questionnaires[2]' in a bundle. */
  at: string;
  questionnaire: Questionnaire;
}

const join = (at: string, path: string): string => (at ? `${at}.${path}` : path);

/**
 * Checks the rules across files: each role defined once and present, every signal assessed by at least one
 * role with exactly one primary, and the operational lead assessing at least one signal (no review may be
 * decided without the operational lead's answers).
 * Returns the problems; empty when the set is sound.
 */
export function checkManifestSet(dir: string, entries: LocatedQuestionnaire[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const byRole = new Map<RoleId, LocatedQuestionnaire>();
  for (const e of entries) {
    const first = byRole.get(e.questionnaire.role);
    if (first) {
      const message = `${e.questionnaire.role} is already defined in ${first.file}${first.at ? ` at ${first.at}` : ''}`;
      problems.push({ file: e.file, path: join(e.at, 'role'), message });
    } else byRole.set(e.questionnaire.role, e);
  }
  for (const role of ROLE_IDS) {
    if (!byRole.has(role)) problems.push({ file: dir, path: '', message: `no questionnaire for role ${role}` });
  }
  problems.push(...checkPurview(dir, [...byRole.values()]));
  const ops = byRole.get('operational_lead');
  if (ops && Object.keys(ops.questionnaire.purview).length === 0) {
    const message = 'the operational lead must assess at least one signal (no review is decided without them)';
    problems.push({ file: ops.file, path: join(ops.at, 'purview'), message });
  }
  return problems;
}

function checkPurview(dir: string, entries: LocatedQuestionnaire[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const signal of SIGNAL_IDS) {
    const assessing = entries.filter((e) => e.questionnaire.purview[signal] !== undefined);
    const primaries = assessing.filter((e) => e.questionnaire.purview[signal] === 'primary');
    if (assessing.length === 0) {
      problems.push({ file: dir, path: '', message: `no role assesses ${signal}` });
    } else if (primaries.length === 0) {
      const roles = assessing.map((e) => e.questionnaire.role).join(', ');
      problems.push({ file: dir, path: '', message: `${signal} has no primary assessor (assessed by ${roles})` });
    }
    for (const extra of primaries.slice(1)) {
      const message = `${signal} already has a primary assessor: ${primaries[0]!.questionnaire.role}`;
      problems.push({ file: extra.file, path: join(extra.at, `purview.${signal}`), message });
    }
  }
  return problems;
}

/**
 * Who assesses each signal, from the questionnaires' purviews. Call only on a set that passed
 * `checkManifestSet` (every signal has exactly one primary).
 */
export function derivePurview(questionnaires: Record<RoleId, Questionnaire>): Purview {
  const entry = (signal: SignalId): PurviewEntry => {
    const assessors = ROLE_IDS.filter((r) => questionnaires[r].purview[signal] !== undefined);
    const primary = assessors.find((r) => questionnaires[r].purview[signal] === 'primary') ?? assessors[0]!;
    return { primary, assessors };
  };
  return Object.fromEntries(SIGNAL_IDS.map((s) => [s, entry(s)])) as Purview;
}

/** The question through which a role assesses a signal, if it assesses it. */
export function assessmentQuestion(q: Questionnaire, signal: SignalId): AssessmentQuestion | undefined {
  return q.questions.find((x): x is AssessmentQuestion => x.kind === 'assessment' && x.signal === signal);
}

/** The signals a questionnaire assesses, in signal order. */
export function assessedSignals(q: Questionnaire): SignalId[] {
  return SIGNAL_IDS.filter((s) => q.purview[s] !== undefined);
}

/** Looks up a question by id. */
export function findQuestion(q: Questionnaire, id: string): Question | undefined {
  return q.questions.find((x) => x.id === id);
}

/** Ids of required questions with no usable answer (checklists count as answered: none ticked is an answer). */
export function unansweredRequired(q: Questionnaire, answers: Record<string, unknown>): string[] {
  return q.questions
    .filter((x) => x.required && x.kind !== 'checklist' && isEmptyAnswer(answers[x.id]))
    .map((x) => x.id);
}

/** True for a missing answer: undefined, null, blank text or an empty list. */
export function isEmptyAnswer(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}
