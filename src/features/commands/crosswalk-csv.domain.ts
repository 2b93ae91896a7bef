/** The crosswalk as CSV: one row per framework control and the question that evidences it, with its signal's evidence. */
import { stringify } from 'csv-stringify/sync';
import { ROLE_LABELS } from '../../core/catalog.domain.js';
import { FRAMEWORK_NAMES } from '../../core/controls.domain.js';
import { spreadsheetSafe } from '../audit/audit-export.domain.js';
import type { CrosswalkRow } from '../reviews/crosswalk.domain.js';
import { attributedTitle } from '../reviews/signal-evidence.domain.js';

export const CROSSWALK_COLUMNS = [
  'framework',
  'control',
  'control_title',
  'role',
  'question_id',
  'question',
  'answer',
  'signal',
  'signal_status',
  'evidence',
] as const;

/** A row's evidence in one cell, an item a line: "Q1 KPI report (Operational lead): https://…". */
const evidenceCell = (row: CrosswalkRow): string =>
  row.evidence.map((e) => `${attributedTitle(e)}: ${e.url}`).join('\n');

export function crosswalkCsv(rows: readonly CrosswalkRow[]): string {
  return stringify([
    [...CROSSWALK_COLUMNS],
    ...rows.map((r) =>
      [
        FRAMEWORK_NAMES[r.framework],
        r.control,
        r.title,
        ROLE_LABELS[r.role],
        r.questionId,
        r.question,
        r.answer,
        r.signal,
        r.status,
        evidenceCell(r),
      ].map(spreadsheetSafe),
    ),
  ]);
}
