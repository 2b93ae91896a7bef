/** Evidence items the tests attach: a link and a Slack file of each kind a signal holds. */
import type { Answers } from '../../src/core/answers.domain.js';
import type { RoleId } from '../../src/core/catalog.domain.js';
import { type EvidenceItem, evidenceKey } from '../../src/core/evidence.domain.js';
import type { ManifestSet } from '../../src/core/manifest.domain.js';
import { validAnswers } from './flows/answer.js';

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

/**
 * The technology lead (confirmed, a runbook for the data and the DPIA for governance) and the governance
 * lead (conditional, the same DPIA) answered: one item shared by two roles, one attached once.
 */
export function techAndGovWithEvidence(manifest: ManifestSet): Partial<Record<RoleId, Answers>> {
  return {
    technology_lead: {
      ...validAnswers(manifest, 'technology_lead', 'confirmed'),
      [evidenceKey('data_infrastructure')]: [RUNBOOK],
      [evidenceKey('governance')]: [DPIA],
    },
    governance_lead: {
      ...validAnswers(manifest, 'governance_lead', 'conditional'),
      [evidenceKey('governance')]: [DPIA],
    },
  };
}
