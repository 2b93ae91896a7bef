import { describe, expect, it } from 'vitest';
import { evidenceBySignal, evidenceKey } from '../../../../src/core/evidence.domain.js';
import { computeSignalStatuses } from '../../../../src/core/signal-status.domain.js';
import { evidenceCsv } from '../../../../src/features/commands/evidence-csv.domain.js';
import { DPIA, RUNBOOK, techAndGovWithEvidence } from '../../../support/evidence-fixtures.js';
import { defaultManifest } from '../../core/manifest.fixture.js';

const manifest = defaultManifest();
const dpia = DPIA;
const runbook = RUNBOOK;
const answers = techAndGovWithEvidence(manifest);
const signals = computeSignalStatuses({ manifest, answers, pilot: { regulated: true } });
const statusOf = (signal: string) => signals.find((s) => s.signal === signal)?.status;

describe('evidenceCsv', () => {
  it('writes one row per item and role that attached it, in signal then role order', () => {
    const lines = evidenceCsv(signals, evidenceBySignal(answers)).trimEnd().split('\n');
    expect(lines).toEqual([
      'signal,status,role,kind,title,url,file_id',
      `Data infrastructure at production volume,${statusOf('data_infrastructure')},Technology lead,link,Pipeline runbook,${runbook.url},`,
      `Governance and compliance tested,${statusOf('governance')},Technology lead,file,DPIA v3.pdf,${dpia.url},F0DPIA`,
      `Governance and compliance tested,${statusOf('governance')},Governance lead,file,DPIA v3.pdf,${dpia.url},F0DPIA`,
    ]);
  });

  it('writes only the header when nothing is attached', () => {
    expect(evidenceCsv(signals, evidenceBySignal({}))).toBe('signal,status,role,kind,title,url,file_id\n');
  });

  it('keeps formula-looking cells as text and quotes what needs quoting', () => {
    const hostile = {
      kind: 'link' as const,
      title: '=HYPERLINK("https://evil.example","Q1, KPIs")',
      url: 'https://x.example/a',
    };
    const csv = evidenceCsv(
      signals,
      evidenceBySignal({ operational_lead: { [evidenceKey('kpi_validation')]: [hostile] } }),
    );
    const row = csv.trimEnd().split('\n')[1];
    expect(row).toBe(
      `KPIs validated on representative data,pending,Operational lead,link,"'=HYPERLINK(""https://evil.example"",""Q1, KPIs"")",https://x.example/a,`,
    );
    for (const lead of ['+', '-', '@']) {
      const csvOf = evidenceCsv(
        signals,
        evidenceBySignal({
          operational_lead: { [evidenceKey('kpi_validation')]: [{ ...hostile, title: `${lead}1` }] },
        }),
      );
      expect(csvOf).toContain(`,link,'${lead}1,`);
    }
  });
});
