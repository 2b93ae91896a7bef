import { describe, expect, it } from 'vitest';
import type { RoleId } from '../../../../src/core/catalog.domain.js';
import {
  exceptionCovers,
  type SeparationViolation,
  separationViolations,
  violatingRoles,
  violationErrors,
  violationMessage,
} from '../../../../src/features/pilots/separation-of-duties.domain.js';
import type { SeparationOfDuties } from '../../../../src/features/settings/workspace-settings.domain.js';

const DISTINCT: Record<RoleId, string> = {
  executive_sponsor: 'U1',
  operational_lead: 'U2',
  technology_lead: 'U3',
  governance_lead: 'U4',
  change_lead: 'U5',
};
const roles = (over: Partial<Record<RoleId, string>>) => ({ ...DISTINCT, ...over });
const brief = (vs: SeparationViolation[]) => vs.map((v) => `${v.rule}:${v.userId}@${v.role}`);

describe('separationViolations: roles → regulated? → setting → violations', () => {
  it.each<[string, Partial<Record<RoleId, string>>, boolean, SeparationOfDuties, string[]]>([
    ['five people', {}, true, 'regulated', []],
    [
      'sponsor is governance lead, regulated',
      { governance_lead: 'U1' },
      true,
      'regulated',
      ['sponsor_not_governance:U1@governance_lead'],
    ],
    ['sponsor is governance lead, not regulated', { governance_lead: 'U1' }, false, 'regulated', []],
    [
      'sponsor is governance lead, not regulated, all pilots',
      { governance_lead: 'U1' },
      false,
      'all',
      ['sponsor_not_governance:U1@governance_lead'],
    ],
    ['sponsor is governance lead, regulated, off', { governance_lead: 'U1' }, true, 'off', []],
    ['two roles each', { operational_lead: 'U1', change_lead: 'U3' }, true, 'regulated', []],
    [
      'three roles',
      { operational_lead: 'U3', change_lead: 'U3' },
      true,
      'regulated',
      ['at_most_two_roles:U3@change_lead'],
    ],
    ['three roles, not regulated', { operational_lead: 'U3', change_lead: 'U3' }, false, 'regulated', []],
    [
      'the third role in role order breaks it, all pilots',
      { operational_lead: 'U2', technology_lead: 'U2', change_lead: 'U2', governance_lead: 'U4' },
      true,
      'all',
      ['at_most_two_roles:U2@change_lead'],
    ],
    [
      'sponsor holds three roles including governance',
      { operational_lead: 'U1', governance_lead: 'U1' },
      true,
      'regulated',
      ['sponsor_not_governance:U1@governance_lead', 'at_most_two_roles:U1@governance_lead'],
    ],
    [
      'one person in all five roles',
      { operational_lead: 'U1', technology_lead: 'U1', governance_lead: 'U1', change_lead: 'U1' },
      true,
      'regulated',
      [
        'sponsor_not_governance:U1@governance_lead',
        'at_most_two_roles:U1@technology_lead',
        'at_most_two_roles:U1@governance_lead',
        'at_most_two_roles:U1@change_lead',
      ],
    ],
  ])('%s', (_name, over, regulated, setting, expected) => {
    expect(brief(separationViolations(roles(over), regulated, setting))).toEqual(expected);
  });

  it('counts a person once per role, and names the roles they already hold', () => {
    const [v] = separationViolations(roles({ operational_lead: 'U3', change_lead: 'U3' }), true, 'regulated');
    expect(v).toEqual({
      rule: 'at_most_two_roles',
      userId: 'U3',
      role: 'change_lead',
      alsoHolds: ['operational_lead', 'technology_lead'],
    });
  });

  it('ignores roles nobody holds yet (the form says to fill those)', () => {
    expect(separationViolations({ executive_sponsor: 'U1' }, true, 'all')).toEqual([]);
  });
});

describe('messages on the role field', () => {
  const sponsorGov = separationViolations(roles({ governance_lead: 'U1' }), true, 'regulated');
  const third = separationViolations(roles({ operational_lead: 'U3', change_lead: 'U3' }), true, 'regulated');

  it.each<[string, SeparationViolation[], SeparationOfDuties, boolean, string]>([
    [
      'sponsor rule, regulated, ask an admin',
      sponsorGov,
      'regulated',
      false,
      "Separation of duties: the executive sponsor can't also be the governance lead on a regulated pilot. Pick someone else, or ask a gate admin to record an exception.",
    ],
    [
      'sponsor rule, all pilots, a gate admin is told where to write the reason',
      sponsorGov,
      'all',
      true,
      "Separation of duties: the executive sponsor can't also be the governance lead. Pick someone else, or write why an exception is acceptable in the exception field.",
    ],
    [
      'two-roles rule',
      third,
      'regulated',
      false,
      'Separation of duties: one person may hold at most two roles on a regulated pilot, and this person is already the operational lead and the technology lead. Pick someone else, or ask a gate admin to record an exception.',
    ],
  ])('%s', (_name, vs, setting, canRecordException, expected) => {
    expect(violationMessage(vs[0]!, { setting, canRecordException })).toBe(expected);
  });

  it('keys each error by the breaking role’s field, the first rule broken on a field speaking for it', () => {
    const both = separationViolations(roles({ operational_lead: 'U1', governance_lead: 'U1' }), true, 'regulated');
    const errors = violationErrors(both, (r) => `field.${r}`, { setting: 'regulated', canRecordException: false });
    expect(Object.keys(errors)).toEqual(['field.governance_lead']);
    expect(errors['field.governance_lead']).toMatch(/^Separation of duties: the executive sponsor can't/);
  });
});

describe('exceptions cover one role set', () => {
  const stakeholders = roles({ governance_lead: 'U1' });
  const violations = separationViolations(stakeholders, true, 'regulated');
  const recorded = { roles: violatingRoles(stakeholders, violations) };

  it('records the assignments that break the rules', () => {
    expect(recorded.roles).toEqual({ executive_sponsor: 'U1', governance_lead: 'U1' });
  });

  it.each<[string, Partial<Record<RoleId, string>>, boolean]>([
    ['the same people in the same roles', stakeholders, true],
    ['the same break, another tech lead', { ...stakeholders, technology_lead: 'U9' }, true],
    ['another person as sponsor and governance lead', roles({ executive_sponsor: 'U7', governance_lead: 'U7' }), false],
    ['a new break on top', { ...stakeholders, operational_lead: 'U1' }, false],
  ])('%s → covered: %s', (_name, now, covered) => {
    const vs = separationViolations(now, true, 'regulated');
    expect(exceptionCovers(recorded, now, vs)).toBe(covered);
  });

  it('needs no exception where nothing breaks, and none covers a break without one', () => {
    expect(exceptionCovers(undefined, DISTINCT, [])).toBe(true);
    expect(exceptionCovers(undefined, stakeholders, violations)).toBe(false);
  });
});
