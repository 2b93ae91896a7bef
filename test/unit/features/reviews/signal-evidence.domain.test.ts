import { describe, expect, it } from 'vitest';
import { evidenceKey } from '../../../../src/core/evidence.domain.js';
import { signalEvidence } from '../../../../src/features/reviews/signal-evidence.domain.js';

const kpiReport = { kind: 'link' as const, title: 'Q1 KPI report', url: 'https://bi.example.com/kpi/42' };
const dpia = {
  kind: 'file' as const,
  title: 'DPIA v3.pdf',
  url: 'https://acme.slack.com/files/U1/F1/dpia.pdf',
  fileId: 'F1',
};

describe('signalEvidence', () => {
  it('lists each signal’s items once, with every role that attached them, in role order', () => {
    const evidence = signalEvidence({
      operational_lead: { '@evidence:kpi_validation': [kpiReport] },
      executive_sponsor: { [evidenceKey('kpi_validation')]: [{ ...kpiReport, title: 'KPIs' }] },
      governance_lead: { [evidenceKey('governance')]: [dpia] },
    });
    expect(evidence.kpi_validation).toEqual([
      { ...kpiReport, title: 'KPIs', roles: ['executive_sponsor', 'operational_lead'] },
    ]);
    expect(evidence.governance).toEqual([{ ...dpia, roles: ['governance_lead'] }]);
    expect(evidence.user_adoption).toEqual([]);
  });

  it('keeps two files of the same name apart (a file is its id, a link its address)', () => {
    const other = { ...dpia, url: 'https://acme.slack.com/files/U2/F2/dpia.pdf', fileId: 'F2' };
    const evidence = signalEvidence({
      technology_lead: { [evidenceKey('governance')]: [dpia] },
      governance_lead: { [evidenceKey('governance')]: [other] },
    });
    expect(evidence.governance.map((e) => e.fileId)).toEqual(['F1', 'F2']);
  });
});
