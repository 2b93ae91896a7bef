import { describe, expect, it } from 'vitest';
import {
  kpisFromRows,
  parseKpiLines,
  pilotNameKey,
  type RegistrationDraft,
  validateRegistration,
} from '../../../../src/features/pilots/pilot.domain.js';

const draft = (over: Partial<RegistrationDraft> = {}): RegistrationDraft => ({
  name: 'Invoice triage',
  useCase: 'Route invoices',
  businessUnit: 'AP',
  plannedKpiValidationDate: '2026-12-01',
  kpisText: 'Cycle time | 4.2 days | 1 day\nTouchless rate | 20% | 60%',
  killCriteria: 'Accuracy under 90% after 8 weeks',
  scaleCriteria: 'Cycle time under 1.5 days on production data',
  regulated: false,
  stakeholders: {
    executive_sponsor: 'U1',
    operational_lead: 'U2',
    technology_lead: 'U3',
    governance_lead: 'U4',
    change_lead: 'U5',
  },
  ...over,
});

describe('validateRegistration', () => {
  it('accepts a complete registration and folds the name key', () => {
    const r = validateRegistration(draft({ name: '  Invoice   Triage ' }), '2026-11-25');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.name).toBe('Invoice Triage');
      expect(r.value.nameKey).toBe('invoice triage');
      expect(r.value.kpis).toEqual([
        { name: 'Cycle time', baseline: '4.2 days', target: '1 day' },
        { name: 'Touchless rate', baseline: '20%', target: '60%' },
      ]);
    }
  });

  it('gives one specific error per bad field, keyed by block id', () => {
    const r = validateRegistration(
      draft({
        name: '   ',
        plannedKpiValidationDate: '2026-11-24',
        kpisText: 'Cycle time - 4 days',
        regulated: null,
        stakeholders: { executive_sponsor: 'U1' },
      }),
      '2026-11-25',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors['pilot.name']).toBe('Give the pilot a name');
    expect(r.errors['pilot.kpi_date']).toBe('Pick today or a later date');
    expect(r.errors['pilot.kpis']).toMatch(/^Line 1 .*Name \| baseline \| target/);
    expect(r.errors['pilot.regulated']).toMatch(/regulated/);
    expect(r.errors['pilot.role.operational_lead']).toMatch(/operational lead/);
    expect(r.errors['pilot.role.executive_sponsor']).toBeUndefined();
  });

  it('accepts today as the KPI-validation date', () => {
    expect(validateRegistration(draft({ plannedKpiValidationDate: '2026-11-25' }), '2026-11-25').ok).toBe(true);
  });

  it('rejects a name over 80 characters, saying how long it is', () => {
    const r = validateRegistration(draft({ name: 'x'.repeat(81) }), '2026-11-25');
    expect(!r.ok && r.errors['pilot.name']).toMatch(/80 characters \(it has 81\)/);
  });

  it('lets one person hold several roles', () => {
    const same = {
      executive_sponsor: 'U1',
      operational_lead: 'U1',
      technology_lead: 'U1',
      governance_lead: 'U1',
      change_lead: 'U1',
    };
    expect(validateRegistration(draft({ stakeholders: same }), '2026-11-25').ok).toBe(true);
  });
});

describe('parseKpiLines', () => {
  it('ignores blank lines and trims cells', () => {
    expect(parseKpiLines('\n  A |1| 2 \n\n')).toEqual({ kpis: [{ name: 'A', baseline: '1', target: '2' }] });
  });
  it('requires at least one KPI', () => {
    expect(parseKpiLines('  ')).toEqual({ error: expect.stringMatching(/at least one KPI/) });
  });
  it('names the line with an empty cell', () => {
    expect(parseKpiLines('A|1|2\nB||3')).toEqual({ error: expect.stringMatching(/^Line 2/) });
  });
});

describe('pilotNameKey', () => {
  it('is case- and spacing-insensitive', () => {
    expect(pilotNameKey('Invoice  TRIAGE')).toBe(pilotNameKey('invoice triage'));
  });
});

describe('kpisFromRows', () => {
  const row = (name = '', baseline = '', target = '', unit = '') => ({ name, baseline, target, unit });
  it('joins each unit to its values, skips empty rows', () => {
    expect(kpisFromRows([row('Cycle time', '4.2', '1', 'days'), row(), row('Touchless', '20', '60', '%')])).toEqual({
      kpis: [
        { name: 'Cycle time', baseline: '4.2 days', target: '1 days' },
        { name: 'Touchless', baseline: '20%', target: '60%' },
      ],
    });
  });
  it('asks for a KPI on the first row when every row is empty', () => {
    expect(kpisFromRows([row(), row()])).toEqual({
      errors: { 'pilot.kpi.0.name': 'Add at least one KPI: its name, baseline and target' },
    });
  });
  it('names each field a half-filled row still needs, by its block id', () => {
    expect(kpisFromRows([row('A', '1', '2'), row('', '5', '')])).toEqual({
      errors: {
        'pilot.kpi.1.name': 'Name KPI 2 (or clear the row)',
        'pilot.kpi.1.target': 'Write the target of KPI 2, such as 60 (or clear the row)',
      },
    });
  });
  it('rows win over text in a registration; without rows the text form is parsed', () => {
    expect(validateRegistration(draft({ kpiRows: [row('A', '1', '2')] }), '2026-11-01')).toMatchObject({
      ok: true,
      value: { kpis: [{ name: 'A', baseline: '1', target: '2' }] },
    });
    expect(validateRegistration(draft(), '2026-11-01')).toMatchObject({ ok: true, value: { kpis: expect.any(Array) } });
  });
});
