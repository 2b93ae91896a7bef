import { describe, expect, it } from 'vitest';
import { DecisionRecordInput } from '../../../../src/features/decisions/decision-record.domain.js';
import { renderDecisionRecord, sha256Hex } from '../../../../src/features/decisions/decision-record.pdf.js';
import { pdfLines } from '../../../support/pdf-text.js';

const record: DecisionRecordInput = DecisionRecordInput.parse({
  layout: 1,
  pilot: {
    name: 'Invoice triage',
    businessUnit: 'Finance operations',
    useCase: 'Route supplier invoices to the right approver',
    regulated: true,
    registeredAt: '2026-09-01',
    killCriteria: 'Accuracy below 90% after eight weeks',
    scaleCriteria: 'Cycle time under 1.5 days on production data',
    kpis: [{ name: 'Invoice cycle time', baseline: '4.2 days', target: '1 day' }],
  },
  review: { id: '65f000000000000000000001', round: 2, openedAt: '2026-11-02' },
  signals: [
    {
      label: 'KPIs validated on representative data',
      status: 'Confirmed',
      reasons: [],
      assessments: [
        { role: 'Executive sponsor', person: 'Dana Ruiz', assessment: 'Confirmed — KPIs met on production data' },
        { role: 'Operational lead', person: 'Sam Okafor', assessment: 'Confirmed — measured on March volumes' },
      ],
      evidence: [{ kind: 'link', title: 'KPI dashboard', url: 'https://bi.example.com/kpi/42' }],
    },
    {
      label: 'Governance and compliance tested',
      status: 'Conditional',
      reasons: ['Governance lead: legal review not complete'],
      assessments: [{ role: 'Governance lead', person: 'Ana Ivanova', assessment: 'Conditional — gaps closable' }],
      evidence: [{ kind: 'file', title: 'DPIA v3.pdf', url: 'https://files.slack.com/files-pri/T1-F1/dpia.pdf' }],
    },
  ],
  disagreements: [
    {
      signal: 'Governance and compliance tested',
      between: 'Technology lead said Confirmed, Governance lead said Failed',
      reconciled: 'Governance lead revised to Conditional in round 2',
    },
  ],
  businessCase: [
    { role: 'Executive sponsor', question: 'Investment needed to reach all five signals', answer: '120,000 USD' },
  ],
  decision: {
    label: 'Continue in pre-production with a gap-closure plan',
    reason: 'Legal review is the only gap',
    by: 'Dana Ruiz',
    at: '2026-11-25T12:00:00.000Z',
    conditions: [
      {
        signal: 'Governance and compliance tested',
        action: 'Finish the legal review',
        owner: 'Ana Ivanova',
        due: '2026-12-15',
      },
    ],
  },
  auditHead: { seq: 41, hash: 'a'.repeat(64) },
});

describe('the decision record PDF', () => {
  it('holds every section a board reads, in words a reader can copy out', async () => {
    const lines = await pdfLines(await renderDecisionRecord(record));
    const text = lines.join('\n');
    expect(lines[0]).toBe('Decision record: Invoice triage');
    for (const expected of [
      'Continue in pre-production with a gap-closure plan',
      'Decided by Dana Ruiz on 2026-11-25T12:00:00.000Z, review round 2.',
      'Rationale: Legal review is the only gap',
      'Business unit: Finance operations',
      'Use case: Route supplier invoices to the right approver',
      'Kill criteria: Accuracy below 90% after eight weeks',
      'Scale criteria: Cycle time under 1.5 days on production data',
      'KPI: Invoice cycle time: baseline 4.2 days, target 1 day',
      'KPIs validated on representative data: Confirmed',
      'Executive sponsor (Dana Ruiz): Confirmed — KPIs met on production data',
      'Evidence (link): KPI dashboard: https://bi.example.com/kpi/42',
      'Governance and compliance tested: Conditional',
      'Reason: Governance lead: legal review not complete',
      'Evidence (file): DPIA v3.pdf: https://files.slack.com/files-pri/T1-F1/dpia.pdf',
      'Reconciled: Governance lead revised to Conditional in round 2',
      'Investment needed to reach all five signals (Executive sponsor): 120,000 USD',
      'Governance and compliance tested: Finish the legal review (owner Ana Ivanova, due 2026-12-15)',
      `Chain head when the record was made: event #41, ${'a'.repeat(64)}`,
      'Invoice triage · decision record · page 1 of 1',
    ]) {
      expect(text.replace(/\n/g, ' ')).toContain(expected);
    }
    for (const heading of [
      'Decision',
      'The pilot',
      'Criteria as written at registration',
      'The five scale-readiness signals',
      'Disagreements',
      'Business case',
      'Conditions',
      'Audit trail',
    ]) {
      expect(lines).toContain(heading);
    }
  });

  it('renders the same bytes twice, and different bytes when one word changes', async () => {
    const a = await renderDecisionRecord(record);
    const b = await renderDecisionRecord(DecisionRecordInput.parse(JSON.parse(JSON.stringify(record))));
    expect(sha256Hex(b)).toBe(sha256Hex(a));
    const changed = await renderDecisionRecord({
      ...record,
      decision: { ...record.decision, reason: 'Legal review is the last gap' },
    });
    expect(sha256Hex(changed)).not.toBe(sha256Hex(a));
  });

  it('embeds its fonts, so rendering never depends on the fonts of the machine', async () => {
    const pdf = (await renderDecisionRecord(record)).toString('latin1');
    expect(pdf).toMatch(/\/FontFile2/);
    expect(pdf).toMatch(/DejaVuSans/);
  });
});
