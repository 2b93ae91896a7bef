import { describe, expect, it } from 'vitest';
import { SIGNAL_IDS, type SignalId } from '../../../../src/core/catalog.domain.js';
import type { Kpi } from '../../../../src/features/pilots/pilot.types.js';
import {
  calibrationByRole,
  calibrationEntries,
  type Held,
  type Review90Draft,
  review90Due,
  review90Roles,
  validateReview90,
} from '../../../../src/features/reviews90/review90.domain.js';
import { readReview90State } from '../../../../src/features/reviews90/review90.state.js';
import { review90Invite, review90Modal, review90Posted } from '../../../../src/features/reviews90/review90.views.js';
import { checkMessage, checkView } from '../../../support/block-kit-checker.js';

const DAY = 86_400_000;
const kpis: Kpi[] = [
  { name: 'Cycle time', baseline: '4.2 days', target: '1 day' },
  { name: 'Touchless rate', baseline: '20%', target: '60%' },
];
const allHeld = Object.fromEntries(SIGNAL_IDS.map((s) => [s, 'held'])) as Record<SignalId, Held>;
const goodDraft = (): Review90Draft => ({
  kpis: [
    { actual: '1.4 days', realised: 'partly' },
    { actual: '64%', realised: 'yes' },
  ],
  signals: { ...allHeld, user_adoption: 'not_held' },
  incidents: 'One drift alert in week 6',
  lessons: 'Train the second shift before launch',
});

describe('validateReview90', () => {
  it('accepts a complete submission and pairs each KPI with its target', () => {
    const result = validateReview90(goodDraft(), kpis);
    expect(result).toEqual({
      ok: true,
      value: {
        kpis: [
          { name: 'Cycle time', target: '1 day', actual: '1.4 days', realised: 'partly' },
          { name: 'Touchless rate', target: '60%', actual: '64%', realised: 'yes' },
        ],
        signals: { ...allHeld, user_adoption: 'not_held' },
        incidents: 'One drift alert in week 6',
        lessons: 'Train the second shift before launch',
      },
    });
  });

  it('keys every problem by the block it belongs under', () => {
    const draft = goodDraft();
    draft.kpis[1] = { actual: ' ', realised: 'maybe' };
    draft.signals.governance = null;
    draft.lessons = '';
    expect(validateReview90(draft, kpis)).toEqual({
      ok: false,
      errors: {
        'r90.kpi.1.actual': 'Give the measured value of "Touchless rate" in production',
        'r90.kpi.1.realised': 'Say whether the projection was realised',
        'r90.signal.governance': 'Say whether this assessment held up',
        'r90.lessons': 'Write what to change before the next use case',
      },
    });
  });

  it('reads the modal state Slack sends back', () => {
    const values = {
      'r90.kpi.0.actual': { v: { type: 'plain_text_input', value: '1.4 days' } },
      'r90.kpi.0.realised': { v: { type: 'static_select', selected_option: { value: 'partly' } } },
      'r90.signal.kpi_validation': { v: { type: 'static_select', selected_option: { value: 'held' } } },
      'r90.lessons': { v: { type: 'plain_text_input', value: 'x' } },
    };
    const draft = readReview90State(values, 2);
    expect(draft.kpis).toEqual([
      { actual: '1.4 days', realised: 'partly' },
      { actual: '', realised: null },
    ]);
    expect(draft.signals.kpi_validation).toBe('held');
    expect(draft.signals.governance).toBeNull();
    expect(draft.incidents).toBe('');
  });
});

describe('review90Due and roles', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it.each([
    ['production for 90 days', 'production', 90, true],
    ['production for 89 days', 'production', 89, false],
    ['already reviewed', 'reviewed_90d', 200, false],
    ['paused', 'paused', 200, false],
  ])('%s', (_name, stage, days, expected) => {
    const pilot = { stage, productionAt: new Date(now.getTime() - days * DAY) };
    expect(review90Due(pilot, { review90dAfterMs: 90 * DAY }, now)).toBe(expected);
  });

  it('knows who answers: sponsor, ops lead, or both in one person', () => {
    const people = { executive_sponsor: 'U1', operational_lead: 'U2', technology_lead: 'U3' };
    expect(review90Roles(people, 'U1')).toEqual(['executive_sponsor']);
    expect(review90Roles(people, 'U3')).toEqual([]);
    expect(review90Roles({ executive_sponsor: 'U1', operational_lead: 'U1' }, 'U1')).toEqual([
      'executive_sponsor',
      'operational_lead',
    ]);
  });
});

describe('calibration', () => {
  it('judges only what each role confirmed at the gate, and rates each role', () => {
    const entries = calibrationEntries(
      [
        { signal: 'user_adoption', role: 'change_lead', value: 'confirmed' },
        { signal: 'user_adoption', role: 'operational_lead', value: 'confirmed' },
        { signal: 'kpi_validation', role: 'operational_lead', value: 'confirmed' },
        { signal: 'governance', role: 'governance_lead', value: 'conditional' },
      ],
      { ...allHeld, user_adoption: 'not_held' },
    );
    expect(entries).toEqual([
      { role: 'change_lead', signal: 'user_adoption', heldUp: false },
      { role: 'operational_lead', signal: 'user_adoption', heldUp: false },
      { role: 'operational_lead', signal: 'kpi_validation', heldUp: true },
    ]);
    const byRole = calibrationByRole(entries);
    expect(byRole.operational_lead).toEqual({ confirmations: 2, heldUp: 1, rate: 0.5 });
    expect(byRole.change_lead).toEqual({ confirmations: 1, heldUp: 0, rate: 0 });
    expect(byRole.governance_lead).toEqual({ confirmations: 0, heldUp: 0, rate: null });
  });
});

describe('90-day views', () => {
  const statuses = SIGNAL_IDS.map((signal) => ({ signal, status: 'confirmed' as const, reasons: [], awaiting: [] }));
  const plan = {
    metrics: [{ metric: 'model_output_quality', threshold: 'accuracy below 92% for 3 days' }],
    incidentOwners: 'Decision-makers: <@U0OPS>',
    capturedAt: new Date(),
    capturedBy: 'U0SPONSOR',
  };
  const manyKpis = Array.from({ length: 20 }, (_, i) => ({
    name: `KPI ${i} ${'x'.repeat(120)}`,
    baseline: 'b'.repeat(60),
    target: 't'.repeat(60),
  }));
  it.each([
    ['two KPIs and a monitoring plan', { name: 'Invoice triage', kpis, monitoringPlan: plan }],
    ['no monitoring plan', { name: 'Invoice triage', kpis }],
    ['twenty long KPIs and a long name', { name: 'N'.repeat(80), kpis: manyKpis, monitoringPlan: plan }],
  ])('the modal stays within Slack limits: %s', (_name, pilot) => {
    const view = review90Modal(pilot, statuses, ['executive_sponsor'], JSON.stringify({ pilotId: 'a'.repeat(24) }));
    expect(checkView(view)).toEqual([]);
    expect(view.blocks.filter((b) => b.type === 'input')).toHaveLength(pilot.kpis.length * 2 + 5 + 2);
  });

  it('invites with the open button and posts the result with a text fallback', () => {
    const invite = review90Invite(
      { id: 'a'.repeat(24), name: 'Invoice triage' },
      ['executive_sponsor', 'operational_lead'],
      '2026-03-01',
    );
    expect(checkMessage(invite)).toEqual([]);
    expect(invite.text).toBe(
      'Time for the 90-day review of Invoice triage: in production since 2026-03-01, you answer as Sponsor and Ops.',
    );
    const answers = validateReview90(goodDraft(), kpis);
    if (!answers.ok) throw new Error('draft should be valid');
    const posted = review90Posted({ name: 'Invoice triage' }, 'U0SPONSOR', answers.value, true);
    expect(checkMessage(posted)).toEqual([]);
    expect(posted.text).toBe(
      '90-day review of Invoice triage by <@U0SPONSOR>: 1 of 2 KPIs realised, 4 of 5 signals held up. Lessons: Train the second shift before launch',
    );
  });
});
