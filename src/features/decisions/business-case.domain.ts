/**
 * The production business case and KPI results as the sponsor reads them at decision time: the answers
 * of the sponsor's and the operational lead's questionnaires to questions tagged `businessCase`, plus
 * their free-text evidence for KPI validation.
 */
import type { Answers, AnswerValue } from '../../core/answers.domain.js';
import type { RoleId } from '../../core/catalog.domain.js';
import type { ManifestSet } from '../../core/manifest.domain.js';
import type { Question } from '../../core/manifest.schema.js';

/** The roles whose questionnaires carry the business case. */
export const BUSINESS_CASE_ROLES = ['operational_lead', 'executive_sponsor'] as const satisfies readonly RoleId[];

export interface BusinessCaseLine {
  role: RoleId;
  label: string;
  /** The answer in words; user ids stay ids (the view mentions them). */
  value: string;
}

const shown = (q: Question): boolean =>
  q.businessCase !== undefined || (q.kind === 'text' && q.signal === 'kpi_validation');

/** An answer in words, or null when there is none worth showing. */
export function answerText(q: Question, value: AnswerValue | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') {
    const unit = q.kind === 'number' && q.unit ? ` ${q.unit}` : '';
    return `${value.toLocaleString('en-US')}${unit}`;
  }
  if (Array.isArray(value)) return value.length ? value.join(', ') : null;
  return value.trim() || null;
}

/**
 * Business-case and KPI-result lines for each of the two roles, in manifest order; a role that has
 * not answered (or left a question empty) contributes nothing for it.
 */
export function businessCaseLines(
  manifest: ManifestSet,
  answers: Partial<Record<RoleId, Answers>>,
): BusinessCaseLine[] {
  const lines: BusinessCaseLine[] = [];
  for (const role of BUSINESS_CASE_ROLES) {
    const given = answers[role];
    if (!given) continue;
    for (const q of manifest.questionnaires[role].questions.filter(shown)) {
      const value = answerText(q, given[q.id]);
      if (value !== null) lines.push({ role, label: q.label, value });
    }
  }
  return lines;
}
