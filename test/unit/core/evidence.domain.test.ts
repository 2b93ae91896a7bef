import { describe, expect, it } from 'vitest';
import {
  type EvidenceItem,
  evidenceBySignal,
  evidenceChanges,
  evidenceIn,
  evidenceItemKey,
  evidenceKey,
  signalOfEvidenceKey,
  titleOfLink,
  webAddress,
  withoutEvidence,
} from '../../../src/core/evidence.domain.js';
import { KPI_REPORT, KPI_SHEET } from '../../support/evidence-fixtures.js';

const link = KPI_REPORT;
const file = KPI_SHEET;

describe('evidence kept with the answers', () => {
  it('lives under a key no question id can take', () => {
    expect(evidenceKey('kpi_validation')).toBe('@evidence:kpi_validation');
    expect(signalOfEvidenceKey('@evidence:governance')).toBe('governance');
    expect(signalOfEvidenceKey('@evidence:nonsense')).toBeUndefined();
    expect(signalOfEvidenceKey('kpi_assessment')).toBeUndefined();
    expect(withoutEvidence({ kpi_assessment: 'confirmed', [evidenceKey('kpi_validation')]: [link] })).toEqual({
      kpi_assessment: 'confirmed',
    });
  });

  it('reads only well-formed items', () => {
    const answers = { [evidenceKey('kpi_validation')]: [link, 'junk', { kind: 'link' }, file] as never };
    expect(evidenceIn(answers, 'kpi_validation')).toEqual([link, file]);
    expect(evidenceIn(null, 'kpi_validation')).toEqual([]);
    expect(evidenceIn({ [evidenceKey('governance')]: 'text' }, 'governance')).toEqual([]);
  });

  it('names a file by its Slack id and a link by its address, whatever the title', () => {
    expect(evidenceItemKey({ ...link, title: 'Other' })).toBe(evidenceItemKey(link));
    expect(evidenceItemKey({ ...file, title: 'renamed.xlsx' })).toBe(evidenceItemKey(file));
    expect(evidenceItemKey(link)).not.toBe(evidenceItemKey(file));
    expect(evidenceItemKey(link)).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('lists what a save added and removed, signal by signal', () => {
    const before = { [evidenceKey('kpi_validation')]: [link, file] };
    const other: EvidenceItem = { kind: 'link', title: 'Runbook', url: 'https://wiki.example.com/runbook' };
    const after = { [evidenceKey('kpi_validation')]: [file], [evidenceKey('operational_ownership')]: [other] };
    expect(evidenceChanges(before, after)).toEqual([
      { change: 'removed', signal: 'kpi_validation', item: link },
      { change: 'added', signal: 'operational_ownership', item: other },
    ]);
    expect(evidenceChanges(null, before).map((c) => c.change)).toEqual(['added', 'added']);
    expect(evidenceChanges(before, before)).toEqual([]);
  });

  it('collects every role’s items per signal, attributed', () => {
    const by = evidenceBySignal({
      operational_lead: { [evidenceKey('kpi_validation')]: [link] },
      executive_sponsor: { [evidenceKey('kpi_validation')]: [file] },
    });
    expect(by.kpi_validation).toEqual([
      { ...file, role: 'executive_sponsor' },
      { ...link, role: 'operational_lead' },
    ]);
    expect(by.governance).toEqual([]);
  });

  it('accepts only http and https addresses, and titles a bare link by host and path', () => {
    expect(webAddress(' https://wiki.example.com/kpi ')).toBe('https://wiki.example.com/kpi');
    expect(webAddress('javascript:alert(1)')).toBeNull();
    expect(webAddress('wiki.example.com')).toBeNull();
    expect(webAddress('ftp://files.example.com/x')).toBeNull();
    expect(titleOfLink('https://wiki.example.com/kpi/march/')).toBe('wiki.example.com/kpi/march');
    expect(titleOfLink('https://wiki.example.com/')).toBe('wiki.example.com');
  });
});
