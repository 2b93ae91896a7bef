import { describe, expect, it } from 'vitest';
import { businessCaseLines } from '../../../../src/features/decisions/business-case.domain.js';
import {
  addDays,
  DecisionField,
  errorsToFields,
  laterDecisions,
  mayDecide,
  monitoringPlanOf,
  monitoringTask,
  pickPilotToDecide,
  validateMonitoring,
} from '../../../../src/features/decisions/decision.domain.js';
import { planSignalsIn, readChoice, readDecisionState } from '../../../../src/features/decisions/decision.schema.js';
import { validateDecision } from '../../../../src/features/reviews/outcome.domain.js';
import { defaultManifest, goodAnswers } from '../../core/manifest.fixture.js';
import { statuses } from './fixtures.js';

describe('mayDecide', () => {
  it.each([
    ['the sponsor', 'US', false, true],
    ['a gate admin', 'UA', true, true],
    ['anyone else', 'UX', false, false],
  ] as const)('%s → %s', (_who, user, admin, expected) => {
    expect(mayDecide('US', user, admin)).toBe(expected);
  });
});

describe('errorsToFields', () => {
  it('puts every validateDecision error on the block the person has to fix', () => {
    const result = validateDecision(
      {
        decision: 'gap_closure',
        planItems: [
          { signal: 'governance', action: '', ownerId: '', dueDate: '2026-01-01', investment: -5 },
          { signal: 'user_adoption', action: 'Train users', ownerId: 'U1', dueDate: '2026-12-01' },
        ],
      },
      {
        statuses: statuses('confirmed', {
          governance: 'conditional',
          user_adoption: 'conditional',
          kpi_validation: 'conditional',
        }),
        opsLeadAnswered: true,
        today: '2026-11-25',
      },
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.errors;
    expect(errorsToFields(errors, ['governance', 'user_adoption'])).toEqual({
      'plan.governance.action': 'Describe the action.',
      'plan.governance.owner': 'Name an owner.',
      'plan.governance.due': 'The due date is in the past.',
      'plan.governance.investment': 'Enter an amount of 0 or more.',
      // No fields for this signal in the form (it became conditional later): lands on its action block.
      'plan.kpi_validation.action': expect.stringContaining('KPIs validated'),
    });
  });

  it('maps decision and reason', () => {
    expect(errorsToFields({ decision: 'No.', reason: 'Why?' }, [])).toEqual({
      [DecisionField.choice]: 'No.',
      [DecisionField.reason]: 'Why?',
    });
  });
});

describe('monitoring plan', () => {
  const full = {
    thresholds: {
      model_output_quality: 'a',
      user_adoption_rate: 'b',
      data_pipeline_reliability: 'c',
      escalation_volume: ' d ',
    },
    incidentDeciders: ['U1', 'U2'],
    incidentNotes: ' Outages: tech lead ',
  };

  it('needs a threshold for each of the four metrics and someone deciding on incidents', () => {
    expect(validateMonitoring(full)).toEqual({});
    expect(
      validateMonitoring({ thresholds: { escalation_volume: ' ' }, incidentDeciders: [], incidentNotes: '' }),
    ).toEqual({
      'monitor.model_output_quality': expect.any(String),
      'monitor.user_adoption_rate': expect.any(String),
      'monitor.data_pipeline_reliability': expect.any(String),
      'monitor.escalation_volume': expect.any(String),
      'monitor.incident_deciders': expect.any(String),
    });
    expect(validateMonitoring({ ...full, incidentDeciders: [] })).toEqual({});
  });

  it('monitoringTask: what the sponsor left out becomes the ops lead’s item, with examples, due in 14 days', () => {
    expect(monitoringTask(full, 'UOPS', '2026-11-25')).toBeNull();
    const partial = { thresholds: { escalation_volume: 'Over 30 a week' }, incidentDeciders: [], incidentNotes: '' };
    const task = monitoringTask(partial, 'UOPS', '2026-11-25');
    expect(task).toMatchObject({ signal: 'operational_ownership', ownerId: 'UOPS', dueDate: '2026-12-09' });
    expect(task?.action).toContain('Model output quality (e.g. accuracy below 92% on the weekly sample)');
    expect(task?.action).toContain('who decides on which kind of incident');
    expect(task?.action).not.toContain('Escalation volume');
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
  });

  it('stores only the thresholds set', () => {
    const plan = monitoringPlanOf({ ...full, thresholds: { user_adoption_rate: ' b ' } }, 'US', new Date());
    expect(plan.metrics).toEqual([{ metric: 'user_adoption_rate', threshold: 'b' }]);
  });

  it('stores the metrics in order, trimmed, and who decides in words', () => {
    const at = new Date('2026-11-25T12:00:00Z');
    expect(monitoringPlanOf(full, 'US', at)).toEqual({
      metrics: [
        { metric: 'model_output_quality', threshold: 'a' },
        { metric: 'user_adoption_rate', threshold: 'b' },
        { metric: 'data_pipeline_reliability', threshold: 'c' },
        { metric: 'escalation_volume', threshold: 'd' },
      ],
      incidentOwners: 'Decision-makers: <@U1>, <@U2>. Outages: tech lead',
      capturedAt: at,
      capturedBy: 'US',
    });
  });
});

describe('pickPilotToDecide', () => {
  it('takes the channel’s only undecided pilot', () => {
    expect(
      pickPilotToDecide([
        { id: 'p1', name: 'A', undecided: false },
        { id: 'p2', name: 'B', undecided: true },
      ]),
    ).toEqual({ pilotId: 'p2' });
  });

  it('lists the channel’s pilots when it cannot tell, and says when there are none', () => {
    const two = pickPilotToDecide([
      { id: 'p1', name: 'A', undecided: true },
      { id: 'p2', name: 'B', undecided: true },
    ]);
    expect(two).toEqual({ usage: expect.stringContaining('Say which pilot to decide.') });
    expect('usage' in two && two.usage).toContain('• A\n• B');
    const decided = pickPilotToDecide([{ id: 'p1', name: 'A', undecided: false }]);
    expect('usage' in decided && decided.usage).toContain('No pilot in this channel is waiting for a decision');
    expect(pickPilotToDecide([])).toEqual({ usage: expect.stringContaining('No pilot is registered in this channel') });
  });
});

describe('reading the modal', () => {
  const values = {
    'decision.choice': {
      'decision.record.choice': { type: 'radio_buttons', selected_option: { value: 'gap_closure' } },
    },
    'plan.governance.action': { v: { type: 'plain_text_input', value: ' Test alerts ' } },
    'plan.governance.owner': { v: { type: 'users_select', selected_user: 'U1' } },
    'plan.governance.due': { v: { type: 'datepicker', selected_date: '2026-12-01' } },
    'plan.governance.investment': { v: { type: 'number_input', value: '25,000' } },
    'plan.user_adoption.action': { v: { type: 'plain_text_input', value: null } },
    'plan.user_adoption.investment': { v: { type: 'number_input', value: 'abc' } },
  };

  it('finds the plan signals in the form and reads each item; an unparsable amount fails the rules', () => {
    expect(planSignalsIn(values)).toEqual(['governance', 'user_adoption']);
    const draft = readDecisionState(values, planSignalsIn(values));
    expect(draft.decision).toBe('gap_closure');
    expect(draft.planItems[0]).toEqual({
      signal: 'governance',
      action: 'Test alerts',
      ownerId: 'U1',
      dueDate: '2026-12-01',
      investment: 25000,
    });
    expect(draft.planItems[1]).toMatchObject({ signal: 'user_adoption', action: '', ownerId: '', dueDate: '' });
    expect(draft.planItems[1]?.investment).toBeNaN();
  });

  it('reads no decision from a missing or unknown choice', () => {
    expect(readChoice({})).toBeNull();
    expect(readChoice({ 'decision.choice': { x: { selected_option: { value: 'launch' } } } })).toBeNull();
  });
});

describe('businessCaseLines', () => {
  const manifest = defaultManifest();

  it('lists the business-case and KPI-result answers of the ops lead and the sponsor, skipping empty ones', () => {
    const ops = { ...goodAnswers(manifest.questionnaires.operational_lead), bc_investment: 250000 };
    const sponsor = { ...goodAnswers(manifest.questionnaires.executive_sponsor), bc_value_at_scale: null };
    const lines = businessCaseLines(manifest, { operational_lead: ops, executive_sponsor: sponsor, change_lead: {} });
    expect(lines.map((l) => l.role)).toEqual(expect.arrayContaining(['operational_lead', 'executive_sponsor']));
    expect(lines.find((l) => l.role === 'operational_lead' && /Investment/.test(l.label))?.value).toBe('250,000 USD');
    expect(lines.some((l) => l.role === 'executive_sponsor' && /Business value/.test(l.label))).toBe(false);
    expect(
      lines.some(
        (l) =>
          l.role === 'operational_lead' &&
          l.label === manifest.questionnaires.operational_lead.questions.find((q) => q.id === 'kpi_results')?.label,
      ),
    ).toBe(true);
    expect(lines.every((l) => l.role !== ('change_lead' as string))).toBe(true);
  });

  it('is empty before either role answered', () => {
    expect(businessCaseLines(manifest, {})).toEqual([]);
  });
});

describe('laterDecisions (after the round has its decision)', () => {
  it.each([
    [undefined, ['pause', 'terminate']],
    ['proceed', ['pause', 'terminate']],
    ['gap_closure', ['pause', 'terminate']],
    ['pause', ['terminate']],
    ['terminate', []],
  ] as const)('after %s → %j', (last, expected) => {
    expect(laterDecisions(last)).toEqual(expected);
  });
});
