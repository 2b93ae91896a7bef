import { describe, expect, it } from 'vitest';
import type { Answers } from '../../../src/core/answers.domain.js';
import type { RoleId, SignalId } from '../../../src/core/catalog.domain.js';
import { computeSignalStatuses, type SignalStatusView } from '../../../src/core/signal-status.domain.js';
import { allGood, defaultManifest } from './manifest.fixture.js';

const manifest = defaultManifest();

type Edits = Partial<Record<RoleId, Answers>>;

/** Statuses with every role's good answers, changed by `edits`; `omit` roles have not submitted. */
function statuses(edits: Edits = {}, opts: { omit?: RoleId[]; regulated?: boolean } = {}): SignalStatusView[] {
  const answers: Partial<Record<RoleId, Answers>> = allGood(manifest);
  for (const [role, patch] of Object.entries(edits) as [RoleId, Answers][]) {
    answers[role] = { ...answers[role], ...patch };
  }
  for (const role of opts.omit ?? []) delete answers[role];
  return computeSignalStatuses({ manifest, answers, pilot: { regulated: opts.regulated ?? false } });
}

const of = (list: SignalStatusView[], signal: SignalId): SignalStatusView => list.find((s) => s.signal === signal)!;

describe('computeSignalStatuses', () => {
  it('confirms all five when every assessor confirms and no cap fires, with reasons naming roles', () => {
    const list = statuses();
    expect(list.map((s) => s.signal)).toEqual([
      'kpi_validation',
      'data_infrastructure',
      'governance',
      'user_adoption',
      'operational_ownership',
    ]);
    expect(list.every((s) => s.status === 'confirmed')).toBe(true);
    expect(of(list, 'kpi_validation').reasons).toEqual([
      'Executive sponsor: Confirmed — KPIs met on production-representative data',
      'Operational lead: Confirmed — KPIs met on production-representative data',
    ]);
    expect(of(list, 'governance').assessments).toEqual([
      { role: 'technology_lead', value: 'confirmed' },
      { role: 'governance_lead', value: 'confirmed' },
    ]);
  });

  it('is pending for every signal before anyone answers, awaiting all assessors', () => {
    const list = computeSignalStatuses({ manifest, answers: {}, pilot: { regulated: false } });
    expect(list.every((s) => s.status === 'pending')).toBe(true);
    expect(of(list, 'governance').awaiting).toEqual(['technology_lead', 'governance_lead']);
    expect(of(list, 'governance').reasons[0]).toBe('Awaiting Technology lead, Governance lead');
  });

  it('stays pending until every assessor answered, even when the others failed it', () => {
    const list = statuses({ operational_lead: { kpi_assessment: 'failed' } }, { omit: ['executive_sponsor'] });
    const kpi = of(list, 'kpi_validation');
    expect(kpi.status).toBe('pending');
    expect(kpi.awaiting).toEqual(['executive_sponsor']);
    expect(kpi.assessments).toEqual([{ role: 'operational_lead', value: 'failed' }]);
    expect(kpi.reasons).toContain('Operational lead: Failed — KPIs not met, even on pilot data');
    expect(of(list, 'data_infrastructure').status).toBe('confirmed');
  });

  it('counts a submitted questionnaire without the assessment as still awaited', () => {
    const kpi = of(statuses({ operational_lead: { kpi_assessment: null } }), 'kpi_validation');
    expect(kpi.status).toBe('pending');
    expect(kpi.awaiting).toEqual(['operational_lead']);
  });

  it('takes the worst assessment', () => {
    const list = statuses({
      executive_sponsor: { kpi_assessment: 'conditional' },
      technology_lead: { governance_assessment: 'failed' },
    });
    expect(of(list, 'kpi_validation').status).toBe('conditional');
    expect(of(list, 'kpi_validation').reasons[0]).toBe(
      'Executive sponsor: Conditional — promising; needs a live-data readiness test',
    );
    expect(of(list, 'governance').status).toBe('failed');
    expect(of(list, 'governance').reasons[0]).toMatch(/^Technology lead: Failed/);
  });

  it('caps KPI validation at conditional when the data was not representative', () => {
    const kpi = of(statuses({ operational_lead: { kpi_representative_data: false } }), 'kpi_validation');
    expect(kpi.status).toBe('conditional');
    expect(kpi.reasons[0]).toBe('Operational lead: KPIs measured on curated data, not production-representative data');
  });

  const governanceItems = manifest.questionnaires.governance_lead.questions.find(
    (q) => q.id === 'governance_checklist',
  );
  const items = governanceItems?.kind === 'checklist' ? governanceItems.items : [];

  it.each(items.map((i) => [i.id, i.label] as const))('caps governance when "%s" is unticked', (id, label) => {
    const ticked = items.map((i) => i.id).filter((x) => x !== id);
    const gov = of(statuses({ governance_lead: { governance_checklist: ticked } }), 'governance');
    expect(gov.status).toBe('conditional');
    expect(gov.reasons[0]).toBe(`Governance lead: governance checklist incomplete (missing: ${label})`);
  });

  it('lists every missing governance item when none is ticked', () => {
    const gov = of(statuses({ governance_lead: { governance_checklist: [] } }), 'governance');
    expect(gov.reasons[0]).toBe(
      `Governance lead: governance checklist incomplete (missing: ${items.map((i) => i.label).join('; ')})`,
    );
  });

  it('caps governance for a missing legal review only when the pilot is regulated', () => {
    const edits = { governance_lead: { legal_review_done: false } };
    expect(of(statuses(edits, { regulated: false }), 'governance').status).toBe('confirmed');
    const gov = of(statuses(edits, { regulated: true }), 'governance');
    expect(gov.status).toBe('conditional');
    expect(gov.reasons[0]).toBe('Governance lead: legal and compliance review not complete (regulated industry)');
  });

  it('fails operational ownership when no operational owner is named', () => {
    for (const empty of [null, '', '   ']) {
      const own = of(statuses({ executive_sponsor: { operational_owner: empty } }), 'operational_ownership');
      expect(own.status).toBe('failed');
      expect(own.reasons[0]).toBe('Executive sponsor: no named operational owner');
    }
  });

  it('applies caps of select, number and yes/no evidence', () => {
    expect(of(statuses({ governance_lead: { monitoring_cadence: 'not_defined' } }), 'governance').status).toBe(
      'conditional',
    );
    const data = of(statuses({ technology_lead: { peak_volume_tested: 60 } }), 'data_infrastructure');
    expect(data.status).toBe('conditional');
    expect(data.reasons[0]).toBe('Technology lead: pipelines not tested at production peak volume');
    expect(of(statuses({ change_lead: { adoption_checklist: [] } }), 'user_adoption').status).toBe('conditional');
  });

  it('never raises a failed assessment to a cap level, and keeps both reasons', () => {
    const own = of(
      statuses({ operational_lead: { ownership_assessment: 'failed', owner_capacity: false } }),
      'operational_ownership',
    );
    expect(own.status).toBe('failed');
    expect(own.reasons).toEqual([
      'Operational lead: Failed — ownership sits only with IT or is unclear',
      'Operational lead: the owning team has no capacity set aside for monitoring',
      'Executive sponsor: Confirmed — a named owner in operations has accepted it',
    ]);
  });

  it('flags a disagreement when two assessors are confirmed vs failed', () => {
    const kpi = of(statuses({ operational_lead: { kpi_assessment: 'failed' } }), 'kpi_validation');
    expect(kpi.disagreement).toEqual({ roles: ['executive_sponsor', 'operational_lead'] });
    const mild = of(statuses({ operational_lead: { kpi_assessment: 'conditional' } }), 'kpi_validation');
    expect(mild.disagreement).toBeUndefined();
  });

  it('flags a disagreement already while a third party is pending', () => {
    const own = of(
      statuses({ executive_sponsor: { ownership_assessment: 'failed' } }, { omit: ['change_lead'] }),
      'operational_ownership',
    );
    expect(own.disagreement).toEqual({ roles: ['executive_sponsor', 'operational_lead'] });
  });
});
