import { describe, expect, it } from 'vitest';
import { validateRegistration } from '../../../../src/features/pilots/pilot.domain.js';
import type { Pilot } from '../../../../src/features/pilots/pilot.types.js';
import type { Review } from '../../../../src/features/reviews/review.types.js';
import {
  draftFromInputs,
  gateStatusOutputs,
  inputErrorMessage,
  signalText,
} from '../../../../src/features/workflow-steps/workflow-step.domain.js';
import { OpenReviewInputs } from '../../../../src/features/workflow-steps/workflow-step.schema.js';

const INPUTS = {
  pilot_name: '  Claims  summariser ',
  channel: 'C0PILOTS',
  executive_sponsor: 'U0SPONSOR',
  operational_lead: 'U0OPSLEAD',
  technology_lead: 'U0TECHLEAD',
  governance_lead: 'U0GOVLEAD',
  change_lead: 'U0CHANGE',
  kpi_validation_date: '2027-01-15',
  kpis: 'Cycle time | 4 days | 1 day',
  kill_criteria: 'Accuracy below 90%',
  scale_criteria: 'Cycle time under 2 days',
  regulated: true,
  opened_by: 'U0SPONSOR',
};

describe('workflow steps: inputs → registration', () => {
  it('fills the same draft the registration modal produces, so the same validation applies', () => {
    const draft = draftFromInputs(OpenReviewInputs.parse(INPUTS));
    const checked = validateRegistration(draft, '2026-11-25');
    expect(checked.ok && checked.value).toMatchObject({
      name: 'Claims summariser',
      regulated: true,
      kpis: [{ name: 'Cycle time', baseline: '4 days', target: '1 day' }],
      stakeholders: { governance_lead: 'U0GOVLEAD' },
    });
  });

  it('names each input in the error, in the order of the manifest, one sentence each', () => {
    const checked = validateRegistration(
      draftFromInputs(OpenReviewInputs.parse({ ...INPUTS, kill_criteria: ' ', kpi_validation_date: '2026-01-01' })),
      '2026-11-25',
    );
    expect(checked.ok).toBe(false);
    expect(inputErrorMessage(checked.ok ? {} : checked.errors)).toBe(
      'kpi_validation_date: Pick today or a later date. kill_criteria: Write the kill criteria now, before results arrive.',
    );
  });

  it('rejects a channel or a person that is not a Slack id', () => {
    const parsed = OpenReviewInputs.safeParse({ ...INPUTS, channel: '#pilots', change_lead: 'Ana' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0])).toEqual(['channel', 'change_lead']);
  });
});

describe('workflow steps: a review as the status outputs', () => {
  const pilot = { stage: 'pre_production' } as Pilot;
  const review = {
    outcome: 'continue_pre_production',
    statuses: [
      { signal: 'kpi_validation', status: 'confirmed', reasons: ['Validated on March data'], awaiting: [] },
      {
        signal: 'governance',
        status: 'conditional',
        reasons: ['Bias test still open'],
        awaiting: [],
        disagreement: { roles: ['technology_lead', 'governance_lead'] },
      },
      { signal: 'user_adoption', status: 'pending', reasons: [], awaiting: ['change_lead'] },
    ],
  } as unknown as Review;

  it('gives the outcome, the stage and one text per signal, disagreements flagged', () => {
    expect(gateStatusOutputs(pilot, review, 'https://x.slack.com/archives/C1/p1')).toEqual({
      outcome: 'Continue in pre-production: a gap-closure plan is needed for each conditional signal',
      stage: 'Pre-production (gap closure)',
      kpi_validation: 'Confirmed — Validated on March data',
      data_infrastructure: 'Pending',
      governance: 'Conditional — Bias test still open (assessors disagree)',
      user_adoption: 'Pending — awaiting Change lead',
      operational_ownership: 'Pending',
      review_link: 'https://x.slack.com/archives/C1/p1',
    });
  });

  it('leaves the link out when the card is not posted', () => {
    expect(gateStatusOutputs(pilot, review)).not.toHaveProperty('review_link');
    expect(signalText(review.statuses[0]!)).toBe('Confirmed — Validated on March data');
  });
});
