import type { Pilot } from '../../../../src/features/pilots/pilot.types.js';

/** A registered pilot in review; its name holds mrkdwn that views must escape. */
export function pilotFixture(over: Partial<Pilot> = {}): Pilot {
  return {
    id: 'b'.repeat(24),
    teamId: 'T1',
    channelId: 'C1',
    name: 'Invoice <!channel> triage',
    nameKey: 'invoice triage',
    useCase: 'Routes invoices',
    businessUnit: 'AP',
    plannedKpiValidationDate: '2027-01-15',
    kpis: [{ name: 'Cycle time', baseline: '4 days', target: '1 day' }],
    killCriteria: 'Accuracy below 90%',
    scaleCriteria: 'Cycle time under 1.5 days',
    regulated: false,
    stakeholders: {
      executive_sponsor: 'U0SPONSOR',
      operational_lead: 'U0OPS',
      technology_lead: 'U0TECH',
      governance_lead: 'U0GOV',
      change_lead: 'U0CHANGE',
    },
    deputies: {},
    createdBy: 'U0SPONSOR',
    stage: 'in_review',
    flags: [],
    createdAt: new Date('2026-11-01T00:00:00Z'),
    updatedAt: new Date('2026-11-01T00:00:00Z'),
    ...over,
  };
}
