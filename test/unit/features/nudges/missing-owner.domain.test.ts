import { describe, expect, it } from 'vitest';
import { missingOwners } from '../../../../src/features/nudges/missing-owner.domain.js';
import { allGood, defaultManifest } from '../../core/manifest.fixture.js';

const stakeholders = {
  executive_sponsor: 'US',
  operational_lead: 'UO',
  technology_lead: 'UT',
  governance_lead: 'UG',
  change_lead: 'UC',
};

describe('missingOwners', () => {
  const { questionnaires } = defaultManifest();

  it('nothing missing with every role held and an owner named (or nobody answered yet)', () => {
    expect(missingOwners({ stakeholders, questionnaires, answers: allGood(), regulated: false })).toEqual([]);
    expect(missingOwners({ stakeholders, questionnaires, answers: {}, regulated: false })).toEqual([]);
  });

  it('a role without a person', () => {
    const { executive_sponsor: _gone, ...rest } = stakeholders;
    expect(
      missingOwners({ stakeholders: { ...rest, change_lead: ' ' }, questionnaires, answers: {}, regulated: false }),
    ).toEqual([
      { kind: 'role_unassigned', role: 'executive_sponsor' },
      { kind: 'role_unassigned', role: 'change_lead' },
    ]);
  });

  it('answers that leave no named operational owner, found through the manifest’s person question caps', () => {
    const answers = allGood();
    answers.executive_sponsor = { ...answers.executive_sponsor, operational_owner: null };
    expect(missingOwners({ stakeholders, questionnaires, answers, regulated: false })).toEqual([
      {
        kind: 'no_operational_owner',
        role: 'executive_sponsor',
        questionId: 'operational_owner',
        reason: 'no named operational owner',
      },
    ]);
  });
});
