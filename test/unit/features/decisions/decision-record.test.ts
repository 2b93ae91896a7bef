import { describe, expect, it } from 'vitest';
import { STATUS_WORDS } from '../../../../src/core/glossary.domain.js';
import { computeSignalStatuses } from '../../../../src/core/signal-status.domain.js';
import { buildDecisionRecord } from '../../../../src/features/decisions/decision-record.build.domain.js';
import { DecisionRecordInput } from '../../../../src/features/decisions/decision-record.domain.js';
import { renderDecisionRecord, sha256Hex } from '../../../../src/features/decisions/decision-record.pdf.js';
import { DPIA, RUNBOOK, techAndGovWithEvidence } from '../../../support/evidence-fixtures.js';
import { pdfLines } from '../../../support/pdf-text.js';
import { defaultManifest } from '../../core/manifest.fixture.js';

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

const crosswalk: NonNullable<DecisionRecordInput['crosswalk']> = [
  {
    framework: 'EU AI Act (Regulation (EU) 2024/1689)',
    control: 'Art. 12',
    title: 'Record-keeping',
    questions: [
      {
        role: 'Technology lead',
        question: 'Are the system’s inputs, outputs and decisions logged?',
        answer: 'Yes',
        signal: 'Governance and compliance tested',
        status: 'Conditional',
        evidence: [{ kind: 'file', title: 'DPIA v3.pdf', url: 'https://files.slack.com/files-pri/T1-F1/dpia.pdf' }],
      },
    ],
  },
  {
    framework: 'NIST AI RMF 1.0 (NIST AI 100-1)',
    control: 'MEASURE 2',
    title: '',
    questions: [
      {
        role: 'Operational lead',
        question: 'Your assessment of the KPIs',
        answer: 'Confirmed',
        signal: 'KPIs validated on representative data',
        status: 'Confirmed',
        evidence: [],
      },
      {
        role: 'Executive sponsor',
        question: 'Expected return timeline',
        answer: '—',
        signal: '',
        status: '',
        evidence: [],
      },
    ],
  },
];

describe('the decision record’s crosswalk appendix', () => {
  const withAppendix = DecisionRecordInput.parse({ ...record, crosswalk });

  it('lists, per framework control, the questions that evidence it, their answers, status and evidence', async () => {
    const lines = await pdfLines(await renderDecisionRecord(withAppendix));
    // A long line wraps where the PDF had no room, so compare without white space.
    const squash = (t: string) => t.replace(/\s+/g, '');
    const text = squash(lines.join(' '));
    expect(lines).toContain('Appendix: crosswalk to the AI frameworks');
    for (const expected of [
      'EU AI Act (Regulation (EU) 2024/1689) Art. 12 — Record-keeping',
      'Are the system’s inputs, outputs and decisions logged? (Technology lead): Yes',
      'Signal: Governance and compliance tested, Conditional. Evidence (file): DPIA v3.pdf: https://files.slack.com/files-pri/T1-F1/dpia.pdf',
      'NIST AI RMF 1.0 (NIST AI 100-1) MEASURE 2',
      'Your assessment of the KPIs (Operational lead): Confirmed',
      'Signal: KPIs validated on representative data, Confirmed. Evidence: none attached',
      'Expected return timeline (Executive sponsor): — (not part of the five signals)',
    ]) {
      expect(text).toContain(squash(expected));
    }
    // The appendix starts a page of its own, after the audit trail.
    const footer = lines.filter((l) => /· decision record · page \d+ of \d+$/.test(l));
    expect(footer.length).toBeGreaterThan(1);
    expect(lines.indexOf('Audit trail')).toBeLessThan(lines.indexOf('Appendix: crosswalk to the AI frameworks'));
  });

  it('renders deterministically, and a record made before the appendix renders as it did', async () => {
    const a = await renderDecisionRecord(withAppendix);
    const b = await renderDecisionRecord(DecisionRecordInput.parse(JSON.parse(JSON.stringify(withAppendix))));
    expect(sha256Hex(b)).toBe(sha256Hex(a));
    const old = await pdfLines(await renderDecisionRecord(record));
    expect(old).not.toContain('Appendix: crosswalk to the AI frameworks');
    expect(old).toContain('Invoice triage · decision record · page 1 of 1');
  });
});

describe('a separation-of-duties exception in the record', () => {
  it('is printed with the pilot: who recorded it, when, the rule set aside and why', async () => {
    const withException = DecisionRecordInput.parse({
      ...record,
      pilot: {
        ...record.pilot,
        separationException: {
          by: 'Gale Admin (U0ADMIN)',
          at: '2026-11-20',
          reason: 'A team of four: internal audit reviews every decision',
          rules: ['the executive sponsor is also the governance lead'],
        },
      },
    });
    const text = (await pdfLines(await renderDecisionRecord(withException))).join(' ');
    expect(text).toContain(
      'Separation-of-duties exception recorded by Gale Admin (U0ADMIN) on 2026-11-20 (the executive sponsor is also the governance lead): A team of four: internal audit reviews every decision',
    );
    const without = (await pdfLines(await renderDecisionRecord(record))).join(' ');
    expect(without).not.toContain('Separation-of-duties exception');
  });
});

describe('building the record', () => {
  const manifest = defaultManifest();
  const dpia = DPIA;
  const runbook = RUNBOOK;
  const answers = techAndGovWithEvidence(manifest);
  const signals = computeSignalStatuses({ manifest, answers, pilot: { regulated: true } });
  const at = new Date('2026-11-25T12:00:00Z');
  const built = buildDecisionRecord({
    pilot: {
      id: 'p1',
      teamId: 'T1',
      channelId: 'C1',
      name: 'Invoice triage',
      nameKey: 'invoice triage',
      useCase: 'Route invoices',
      businessUnit: 'Finance',
      plannedKpiValidationDate: '2027-01-15',
      kpis: [],
      killCriteria: 'k',
      scaleCriteria: 's',
      regulated: true,
      stakeholders: {
        executive_sponsor: 'U1',
        operational_lead: 'U2',
        technology_lead: 'U3',
        governance_lead: 'U4',
        change_lead: 'U5',
      },
      deputies: {},
      createdBy: 'U1',
      stage: 'in_review',
      flags: [],
      createdAt: at,
      updatedAt: at,
      separationException: {
        reason: 'A small team',
        recordedBy: 'U9',
        recordedAt: new Date('2026-11-20T09:00:00Z'),
        rules: ['sponsor_not_governance', 'at_most_two_roles'],
        roles: {},
      },
    },
    review: { id: 'r1', openedAt: at } as never,
    decision: { decision: 'pause', reason: 'Wait', by: 'U1', at, round: 1 } as never,
    manifest,
    answers,
    signals,
    planItems: [],
    auditHead: null,
    nameOf: (id) => (id === 'U9' ? 'Gale Admin (U9)' : id),
  });

  it('carries the pilot’s separation-of-duties exception in words', () => {
    expect(built.pilot.separationException).toEqual({
      by: 'Gale Admin (U9)',
      at: '2026-11-20',
      reason: 'A small team',
      rules: ['the executive sponsor is also the governance lead', 'one person holds more than two roles'],
    });
  });

  it('carries the crosswalk grouped by control, with assessments in words and the signal’s status', () => {
    const art12 = built.crosswalk?.find((c) => c.control === 'Art. 12');
    expect(art12).toMatchObject({ framework: 'EU AI Act (Regulation (EU) 2024/1689)', title: 'Record-keeping' });
    expect(art12?.questions.map((q) => q.role)).toEqual(['Technology lead', 'Governance lead']);
    expect(art12?.questions[0]).toMatchObject({ answer: 'Yes', signal: 'Governance and compliance tested' });
    expect(art12?.questions[0]?.status).toBe(STATUS_WORDS[signals.find((s) => s.signal === 'governance')!.status]);
    const answersShown = built.crosswalk?.flatMap((c) => c.questions.map((q) => q.answer)) ?? [];
    expect(answersShown).toContain('Confirmed');
    expect(answersShown.some((a) => ['confirmed', 'conditional', 'failed'].includes(a))).toBe(false);
    // One entry per control: no control appears twice.
    const keys = built.crosswalk?.map((c) => `${c.framework} ${c.control}`) ?? [];
    expect(new Set(keys).size).toBe(keys.length);
    expect(DecisionRecordInput.parse(built)).toEqual(built);
  });

  it('carries each signal’s evidence from the answers that count, each item once with who attached it', () => {
    const evidenceOf = (label: string) => built.signals.find((x) => x.label === label)?.evidence;
    expect(evidenceOf('Governance and compliance tested')).toEqual([
      { kind: 'file', title: 'DPIA v3.pdf (Technology lead, Governance lead)', url: dpia.url },
    ]);
    expect(evidenceOf('Data infrastructure at production volume')).toEqual([
      { kind: 'link', title: 'Pipeline runbook (Technology lead)', url: runbook.url },
    ]);
    expect(evidenceOf('End users trained, adoption plan active')).toEqual([]);
    // The appendix gives each question its signal's evidence.
    const art12 = built.crosswalk?.find((c) => c.control === 'Art. 12');
    expect(art12?.questions[0]?.evidence).toEqual(evidenceOf('Governance and compliance tested'));
  });

  it('prints each evidence line under its own signal', async () => {
    const lines = await pdfLines(await renderDecisionRecord(built));
    // A long line wraps where the PDF had no room, so compare without white space.
    const squash = (t: string) => t.replace(/\s+/g, '');
    /** The text from a signal's status line to the next signal's (or the next section's heading). */
    const under = (signal: string) => {
      const start = lines.findIndex((l) => l.startsWith(`${signal}: `));
      const end = lines.findIndex(
        (l, i) => i > start && (/: (Pending|Confirmed|Conditional|Failed)$/.test(l) || l === 'Disagreements'),
      );
      return squash(lines.slice(start + 1, end).join(''));
    };
    expect(under('Governance and compliance tested')).toContain(
      squash(`Evidence (file): DPIA v3.pdf (Technology lead, Governance lead): ${dpia.url}`),
    );
    expect(under('Data infrastructure at production volume')).toContain(
      squash(`Evidence (link): Pipeline runbook (Technology lead): ${runbook.url}`),
    );
    expect(under('Data infrastructure at production volume')).not.toContain('DPIA');
    expect(under('KPIs validated on representative data')).toContain(squash('Evidence: none attached'));
  });
});
