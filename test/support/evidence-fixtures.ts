/** Evidence items the tests attach: a link and a Slack file of each kind a signal holds. */
import type { EvidenceItem } from '../../src/core/evidence.domain.js';

export const KPI_REPORT: EvidenceItem = { kind: 'link', title: 'KPI report', url: 'https://wiki.example.com/kpi' };
export const KPI_SHEET: EvidenceItem = {
  kind: 'file',
  title: 'kpis.xlsx',
  url: 'https://t.slack.com/files/U1/F1/kpis.xlsx',
  fileId: 'F1',
};
export const DPIA: EvidenceItem = {
  kind: 'file',
  title: 'DPIA v3.pdf',
  url: 'https://acme.slack.com/files/U4/F0DPIA/dpia_v3.pdf',
  fileId: 'F0DPIA',
};
export const RUNBOOK: EvidenceItem = {
  kind: 'link',
  title: 'Pipeline runbook',
  url: 'https://wiki.example.com/runbook',
};
