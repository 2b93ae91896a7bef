import { describe, expect, it } from 'vitest';
import { SIGNAL_IDS } from '../../../../src/core/catalog.domain.js';
import { missingOwnerMessage } from '../../../../src/features/nudges/missing-owner.views.js';
import { SnoozeValue } from '../../../../src/features/nudges/nudge.schema.js';
import { escalationMessage, nudgeMessage, snoozeUntilModal } from '../../../../src/features/nudges/nudge.views.js';
import type { Pilot } from '../../../../src/features/pilots/pilot.types.js';
import { checkMessage, checkView } from '../../../support/block-kit-checker.js';

const reviewId = 'a'.repeat(24);
const pilot: Pilot = {
  id: 'p1',
  teamId: 'T1',
  channelId: 'C1',
  name: `<!channel> ${'very long pilot name '.repeat(10)}`,
  nameKey: 'x',
  useCase: 'u',
  businessUnit: 'b',
  plannedKpiValidationDate: '2026-06-01',
  kpis: [],
  killCriteria: 'k',
  scaleCriteria: 's',
  regulated: false,
  stakeholders: {
    executive_sponsor: 'US',
    operational_lead: 'UO',
    technology_lead: 'UT',
    governance_lead: 'UG',
    change_lead: 'UC',
  },
  deputies: {},
  createdBy: 'U1',
  stage: 'in_review',
  flags: [],
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

describe('nudge views', () => {
  const nudge = nudgeMessage({
    pilot,
    reviewId,
    round: 2,
    roles: ['operational_lead', 'change_lead'],
    signals: [...SIGNAL_IDS],
    standingInFor: { change_lead: 'UAWAY' },
    owedSinceText: 'Mon 2 Mar 2026, 09:00 (Europe/Berlin)',
    n: 4,
  });

  it('the nudge names the roles, the deputy hand-over, the count, and stays within Slack limits', () => {
    expect(checkMessage(nudge)).toEqual([]);
    const json = JSON.stringify(nudge.blocks);
    expect(json).toContain('Operational lead and Change lead');
    expect(json).toContain('You are the deputy for <@UAWAY> (Change lead), who is away.');
    expect(json).toContain('This is reminder 4.');
    expect(json).not.toContain('<!channel>');
  });

  it('every snooze option value parses back to the same review and round', () => {
    const overflow = JSON.parse(JSON.stringify(nudge.blocks.at(-1))).elements[1];
    const parsed = overflow.options.map((o: { value: string }) => SnoozeValue.parse(o.value));
    expect(parsed).toEqual(['1h', '1d', 'date'].map((choice) => ({ choice, reviewId, round: 2 })));
    expect(SnoozeValue.safeParse(`1w:${reviewId}:2`).success).toBe(false);
  });

  it('escalation, missing-owner message and snooze modal stay within Slack limits', () => {
    const late = Array.from({ length: 5 }, (_, i) => ({
      userId: `U${i}`,
      roles: ['technology_lead' as const],
      nudges: 3,
    }));
    expect(checkMessage(escalationMessage({ pilot, late, owedSinceText: 'x' }))).toEqual([]);
    const gaps = [
      { kind: 'role_unassigned' as const, role: 'change_lead' as const },
      {
        kind: 'no_operational_owner' as const,
        role: 'executive_sponsor' as const,
        questionId: 'q',
        reason: 'no owner',
      },
    ];
    expect(checkMessage(missingOwnerMessage({ pilot, reviewId, gaps }))).toEqual([]);
    expect(checkView(snoozeUntilModal({ reviewId, round: 1 }, '2026-03-03', pilot.name))).toEqual([]);
  });

  it('nudge, escalation and missing-owner fallbacks escape the pilot name (mobile notifications show only them)', () => {
    const texts = [
      nudge.text,
      escalationMessage({ pilot, late: [], owedSinceText: 'x' }).text,
      missingOwnerMessage({ pilot, reviewId, gaps: [] }).text,
    ];
    for (const text of texts) {
      expect(text).toContain('&lt;!channel&gt; very long pilot name');
      expect(text).not.toContain('<!channel>');
    }
  });
});
