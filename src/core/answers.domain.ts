/**
 * One link or Slack file behind a signal (evidence.domain.ts holds the rules). Declared here, beside the
 * answers that hold it, so the two files import in one direction only.
 */
export interface EvidenceItem {
  kind: 'link' | 'file';
  /** The link's title, or the file's name. */
  title: string;
  /** The link itself, or the file's permalink in Slack. */
  url: string;
  /** Slack's file id, for a file. */
  fileId?: string;
}

/**
 * What a role's submitted questionnaire holds, keyed by question id. Values by question kind:
 * text → string; number → number; yes_no → boolean; date → 'YYYY-MM-DD'; user → Slack user id;
 * users → user ids; checklist → ticked item ids; select → option value;
 * assessment → 'confirmed' | 'conditional' | 'failed'. `null` is an empty optional answer. A role's evidence
 * for a signal is kept beside them under `@evidence:<signal>` (evidence.domain.ts).
 */
export type AnswerValue = string | number | boolean | string[] | EvidenceItem[] | null;

export type Answers = Record<string, AnswerValue>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The same answers, whatever the order of their keys (lists compare in order: a checklist's ticks are ordered). */
export function sameAnswers(a: Answers | null, b: Answers | null): boolean {
  if (!a || !b) return a === b;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** The answer as a list of strings (users, checklist ticks), or empty when it is not one. */
export const stringList = (value: AnswerValue | undefined): string[] =>
  Array.isArray(value) ? (value as unknown[]).filter((x): x is string => typeof x === 'string') : [];
