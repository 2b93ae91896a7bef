/**
 * renderDecisionRecord, loading pdfkit (about 16 MB resident) only when a record is rendered: a process
 * that records no decision does not carry it.
 */
import type { DecisionRecordInput } from './decision-record.domain.js';

export { sha256Hex } from './decision-record.hash.js';

export async function renderDecisionRecord(record: DecisionRecordInput): Promise<Buffer> {
  const { renderDecisionRecord: render } = await import('./decision-record.pdf.js');
  return render(record);
}
