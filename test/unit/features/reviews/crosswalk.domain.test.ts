import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../../../src/core/catalog.domain.js';
import { controlTitle, FRAMEWORKS } from '../../../../src/core/controls.domain.js';
import { evidenceKey } from '../../../../src/core/evidence.domain.js';
import { STATUS_WORDS } from '../../../../src/core/glossary.domain.js';
import { computeSignalStatuses } from '../../../../src/core/signal-status.domain.js';
import { crosswalkCsv } from '../../../../src/features/commands/crosswalk-csv.domain.js';
import { crosswalkRows } from '../../../../src/features/reviews/crosswalk.domain.js';
import { goodEvidence, validAnswers } from '../../../support/flows/answer.js';
import { defaultManifest } from '../../core/manifest.fixture.js';

const manifest = defaultManifest();

describe('the default manifests’ framework mapping', () => {
  it('cites only controls whose published heading PilotGate carries (no made-up ids)', () => {
    const cited = ROLE_IDS.flatMap((role) =>
      manifest.questionnaires[role].questions.flatMap((q) =>
        FRAMEWORKS.flatMap((fw) => (q.controls?.[fw] ?? []).map((id) => ({ fw, id, title: controlTitle(fw, id) }))),
      ),
    );
    expect(cited.length).toBeGreaterThan(40);
    expect(cited.filter((c) => c.title === undefined)).toEqual([]);
    // Every framework, and every signal's assessment, is mapped.
    expect(new Set(cited.map((c) => c.fw))).toEqual(new Set(FRAMEWORKS));
    for (const role of ROLE_IDS) {
      for (const q of manifest.questionnaires[role].questions.filter((x) => x.kind === 'assessment')) {
        expect(q.controls, `${role}.${q.id}`).toBeDefined();
      }
    }
  });
});

describe('crosswalk rows', () => {
  const dpia = { kind: 'file' as const, title: 'DPIA v3.pdf', url: 'https://acme.slack.com/files/U4/F1/dpia.pdf' };
  const answers = {
    technology_lead: validAnswers(manifest, 'technology_lead', 'confirmed'),
    governance_lead: {
      ...validAnswers(manifest, 'governance_lead', 'conditional'),
      [evidenceKey('governance')]: [dpia],
    },
  };
  const signals = computeSignalStatuses({ manifest, answers, pilot: { regulated: true } });
  const rows = crosswalkRows({ manifest, answers, signals });

  it('lists, per control, the questions that evidence it with their answers and the signal status', () => {
    const art12 = rows.filter((r) => r.framework === 'eu_ai_act' && r.control === 'Art. 12');
    expect(art12.map((r) => `${r.role}.${r.questionId}`)).toEqual([
      'technology_lead.audit_logging',
      'governance_lead.governance_checklist',
    ]);
    expect(art12[0]).toMatchObject({
      title: 'Record-keeping',
      answer: 'Yes',
      signal: 'Governance and compliance tested',
    });
    expect(art12[0]?.status).toBe(signals.find((s) => s.signal === 'governance')?.status);
    expect(art12[0]?.status).not.toBe('pending');
  });

  it('shows assessments in the glossary’s words, not the option ids', () => {
    const assessed = rows.filter((r) => r.role === 'technology_lead' && r.questionId.endsWith('assessment'));
    expect(assessed.length).toBeGreaterThan(0);
    for (const row of assessed) expect(row.answer).toBe(STATUS_WORDS.confirmed);
    const conditional = rows.filter((r) => r.role === 'governance_lead' && r.questionId.endsWith('assessment'));
    expect(conditional.map((r) => r.answer)).toContain('Conditional');
    expect(rows.some((r) => ['confirmed', 'conditional', 'failed'].includes(r.answer))).toBe(false);
  });

  it('shows unanswered questions as — and their signal as pending', () => {
    const art4 = rows.filter((r) => r.control === 'Art. 4');
    expect(art4.length).toBeGreaterThan(0);
    expect(art4.every((r) => r.answer === '—' && r.status === 'pending')).toBe(true);
  });

  it('orders by framework, then article / category / control number', () => {
    const order = [...new Set(rows.map((r) => `${r.framework} ${r.control}`))];
    expect(order.indexOf('eu_ai_act Art. 9')).toBeLessThan(order.indexOf('eu_ai_act Art. 10'));
    expect(order.indexOf('eu_ai_act Art. 26')).toBeLessThan(order.indexOf('nist_ai_rmf GOVERN 1'));
    expect(order.indexOf('nist_ai_rmf MEASURE 3')).toBeLessThan(order.indexOf('nist_ai_rmf MANAGE 1'));
    expect(order.at(-1)).toMatch(/^iso_42001 /);
  });

  it('gives each row its signal’s evidence, from every role, and none to a question outside the five signals', () => {
    const art12 = rows.filter((r) => r.framework === 'eu_ai_act' && r.control === 'Art. 12');
    // The technology lead's audit-logging question evidences governance: the governance lead's DPIA is its evidence
    // too, beside the technology lead's own link for governance.
    const techLink = { ...goodEvidence('technology_lead', 'governance'), roles: ['technology_lead'] };
    expect(art12.map((r) => r.evidence)).toEqual([
      [techLink, { ...dpia, roles: ['governance_lead'] }],
      [techLink, { ...dpia, roles: ['governance_lead'] }],
    ]);
    expect(rows.filter((r) => r.signal === '').every((r) => r.evidence.length === 0)).toBe(true);
    // No KPI assessor answered here, so nothing evidences the KPIs.
    expect(
      rows.filter((r) => r.signal === 'KPIs validated on representative data').every((r) => r.evidence.length === 0),
    ).toBe(true);
  });

  it('writes CSV with a header and one line per row, formula-looking cells kept as text', () => {
    const csv = crosswalkCsv([{ ...rows[0]!, answer: '=HYPERLINK("x")' }, ...rows.slice(1)]);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'framework,control,control_title,role,question_id,question,answer,signal,signal_status,evidence',
    );
    expect(lines[1]).toContain(`'=HYPERLINK`);
    expect(lines[1]?.startsWith('EU AI Act (Regulation (EU) 2024/1689),Art. 4,AI literacy,')).toBe(true);
  });

  it('writes each row’s evidence in one cell, an item a line, who attached it beside its title', () => {
    const kpi = { kind: 'link' as const, title: '=Q1 KPI report', url: 'https://bi.example.com/kpi/42' };
    const row = {
      ...rows.find((r) => r.control === 'Art. 12')!,
      evidence: [
        { ...kpi, roles: ['operational_lead' as const] },
        { ...dpia, roles: ['technology_lead' as const, 'governance_lead' as const] },
      ],
    };
    // A spreadsheet reads a formula only at the start of a cell: that is where the apostrophe goes.
    expect(crosswalkCsv([row])).toContain(
      `,"'=Q1 KPI report (Operational lead): ${kpi.url}\nDPIA v3.pdf (Technology lead, Governance lead): ${dpia.url}"\n`,
    );
    expect(
      crosswalkCsv([{ ...row, evidence: [] }])
        .trimEnd()
        .endsWith(','),
    ).toBe(true);
  });
});
