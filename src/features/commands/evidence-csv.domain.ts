/**
 * The evidence behind each signal as CSV, for `/gate export`: one row per item and the role that attached
 * it, so a spreadsheet counts and filters them. Signal, status and role are written as the crosswalk CSV
 * writes them, so the two files join on them.
 */
import { stringify } from 'csv-stringify/sync';
import { ROLE_LABELS, SIGNAL_IDS, SIGNAL_LABELS, type SignalId } from '../../core/catalog.domain.js';
import type { AttributedEvidence } from '../../core/evidence.domain.js';
import type { SignalStatusView } from '../../core/signal-status.domain.js';
import { spreadsheetSafe } from '../audit/audit-export.domain.js';

export const EVIDENCE_COLUMNS = ['signal', 'status', 'role', 'kind', 'title', 'url', 'file_id'] as const;

export function evidenceCsv(
  signals: readonly Pick<SignalStatusView, 'signal' | 'status'>[],
  evidence: Record<SignalId, readonly AttributedEvidence[]>,
): string {
  const statusOf = new Map(signals.map((s) => [s.signal, s.status]));
  return stringify([
    [...EVIDENCE_COLUMNS],
    ...SIGNAL_IDS.flatMap((signal) =>
      evidence[signal].map((e) =>
        [
          SIGNAL_LABELS[signal],
          statusOf.get(signal) ?? 'pending',
          ROLE_LABELS[e.role],
          e.kind,
          e.title,
          e.url,
          e.fileId ?? '',
        ].map(spreadsheetSafe),
      ),
    ),
  ]);
}
