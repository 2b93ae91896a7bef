import { describe, expect, it } from 'vitest';
import type { RoleId } from '../../../../src/core/catalog.domain.js';
import {
  changedRoles,
  holdersOfChanged,
  mayChangeRoles,
  type RoleChangeContext,
  roleChangeVerdict,
  roleDiff,
} from '../../../../src/features/pilots/role-change.domain.js';
import {
  EXCEPTION_ADMINS_ONLY,
  exceptionStillHolds,
  recordException,
  type SeparationException,
} from '../../../../src/features/pilots/separation-of-duties.domain.js';
import { RegistrationField } from '../../../../src/slack/ids.js';

const SHOWN: Record<RoleId, string> = {
  executive_sponsor: 'U1',
  operational_lead: 'U2',
  technology_lead: 'U3',
  governance_lead: 'U4',
  change_lead: 'U5',
};
const roles = (over: Partial<Record<RoleId, string>>): Record<RoleId, string> => ({ ...SHOWN, ...over });
const at = new Date('2026-11-25T12:00:00Z');
const ctx = (over: Partial<RoleChangeContext> = {}): RoleChangeContext => ({
  regulated: true,
  setting: 'regulated',
  admin: false,
  userId: 'U1',
  now: at,
  exception: undefined,
  ...over,
});
const form = (picked: Partial<Record<RoleId, string | null>>, reason = '') => ({ shown: SHOWN, picked, reason });

const SPONSOR_IS_GOV =
  "Separation of duties: the executive sponsor can't also be the governance lead on a regulated pilot. Pick someone else, or ask a gate admin to record an exception.";

/** The exception a registration recorded for the sponsor U1 also being the governance lead. */
const sponsorGovException: SeparationException = {
  reason: 'A team of four',
  recordedBy: 'U0ADMIN',
  recordedAt: at,
  rules: ['sponsor_not_governance'],
  roles: { executive_sponsor: 'U1', governance_lead: 'U1' },
};

describe('mayChangeRoles: the executive sponsor or a gate admin', () => {
  it.each<[string, string, boolean, boolean]>([
    ['the sponsor', 'U1', false, true],
    ['a gate admin', 'U9', true, true],
    ['another stakeholder', 'U2', false, false],
    ['anyone else', 'U9', false, false],
  ])('%s', (_name, userId, admin, may) => {
    expect(mayChangeRoles('U1', userId, admin)).toBe(may);
  });
});

describe('roleChangeVerdict: the form → unchanged, refused or changed', () => {
  it('the same holders as shown change nothing, even with a reason typed', () => {
    expect(roleChangeVerdict(form(SHOWN, 'why not'), ctx({ admin: true }))).toEqual({ kind: 'unchanged' });
  });

  it('a role left empty is refused on its field', () => {
    expect(roleChangeVerdict(form({ ...SHOWN, change_lead: null }), ctx())).toEqual({
      kind: 'refused',
      errors: { [RegistrationField.role('change_lead')]: 'Name the change lead: every role needs a person' },
    });
  });

  it('a new operational lead is a change keeping no exception', () => {
    expect(roleChangeVerdict(form(roles({ operational_lead: 'U6' })), ctx())).toEqual({
      kind: 'changed',
      next: roles({ operational_lead: 'U6' }),
      exception: null,
      recorded: null,
    });
  });

  it('the sponsor made governance lead on a regulated pilot: refused on that field, in registration’s words', () => {
    expect(roleChangeVerdict(form(roles({ governance_lead: 'U1' })), ctx())).toEqual({
      kind: 'refused',
      errors: { [RegistrationField.role('governance_lead')]: SPONSOR_IS_GOV },
    });
  });

  it('the same on a pilot that is not regulated is a change (the default setting)', () => {
    expect(roleChangeVerdict(form(roles({ governance_lead: 'U1' })), ctx({ regulated: false })).kind).toBe('changed');
  });

  it('a third role for one person is refused on the third role’s field', () => {
    const verdict = roleChangeVerdict(form(roles({ technology_lead: 'U2', change_lead: 'U2' })), ctx());
    expect(verdict).toEqual({
      kind: 'refused',
      errors: {
        [RegistrationField.role('change_lead')]:
          'Separation of duties: one person may hold at most two roles on a regulated pilot, and this person is already the operational lead and the technology lead. Pick someone else, or ask a gate admin to record an exception.',
      },
    });
  });

  it('tells a gate admin to write the reason in the exception field', () => {
    const verdict = roleChangeVerdict(form(roles({ governance_lead: 'U1' })), ctx({ admin: true, userId: 'U0ADMIN' }));
    expect(verdict).toMatchObject({
      kind: 'refused',
      errors: {
        [RegistrationField.role('governance_lead')]: expect.stringContaining(
          'write why an exception is acceptable in the exception field',
        ),
      },
    });
  });

  it('a gate admin’s reason records the exception, stored and returned as recorded', () => {
    const verdict = roleChangeVerdict(
      form(roles({ governance_lead: 'U1' }), '  Small team; audit reviews each decision  '),
      ctx({ admin: true, userId: 'U0ADMIN' }),
    );
    const recorded = {
      reason: 'Small team; audit reviews each decision',
      recordedBy: 'U0ADMIN',
      recordedAt: at,
      rules: ['sponsor_not_governance'],
      roles: { executive_sponsor: 'U1', governance_lead: 'U1' },
    };
    expect(verdict).toEqual({ kind: 'changed', next: roles({ governance_lead: 'U1' }), exception: recorded, recorded });
  });

  it('a reason typed by someone who is not a gate admin is refused on the exception field', () => {
    const verdict = roleChangeVerdict(form(roles({ governance_lead: 'U1' }), 'Small team'), ctx());
    expect(verdict).toEqual({
      kind: 'refused',
      errors: {
        [RegistrationField.role('governance_lead')]: SPONSOR_IS_GOV,
        [RegistrationField.separationException]: EXCEPTION_ADMINS_ONLY,
      },
    });
  });

  it('a reason where no rule is broken records nothing', () => {
    const verdict = roleChangeVerdict(form(roles({ change_lead: 'U6' }), 'Just in case'), ctx({ admin: true }));
    expect(verdict).toMatchObject({ kind: 'changed', exception: null, recorded: null });
  });

  it('the pilot’s exception still covering its people lets another role change through, and is kept', () => {
    const shown = roles({ governance_lead: 'U1' });
    const verdict = roleChangeVerdict(
      { shown, picked: { ...shown, operational_lead: 'U6' }, reason: '' },
      ctx({ exception: sponsorGovException }),
    );
    expect(verdict).toEqual({
      kind: 'changed',
      next: { ...shown, operational_lead: 'U6' },
      exception: sponsorGovException,
      recorded: null,
    });
  });

  it('an exception whose people lost their roles is dropped, and covers nobody new', () => {
    const shown = roles({ governance_lead: 'U1' });
    const dropped = roleChangeVerdict(
      { shown, picked: { ...shown, governance_lead: 'U4' }, reason: '' },
      ctx({ exception: sponsorGovException }),
    );
    expect(dropped).toMatchObject({ kind: 'changed', exception: null, recorded: null });
    const newSponsor = roleChangeVerdict(
      { shown, picked: { ...shown, executive_sponsor: 'U7', governance_lead: 'U7' }, reason: '' },
      ctx({ exception: sponsorGovException }),
    );
    expect(newSponsor.kind).toBe('refused');
  });
});

describe('who changed', () => {
  const after = roles({ operational_lead: 'U6', change_lead: 'U6', technology_lead: 'U2' });

  it('changedRoles and roleDiff name only the roles whose holder differs', () => {
    expect(changedRoles(SHOWN, after)).toEqual(['operational_lead', 'technology_lead', 'change_lead']);
    expect(roleDiff(SHOWN, after)).toEqual({
      before: { operational_lead: 'U2', technology_lead: 'U3', change_lead: 'U5' },
      after: { operational_lead: 'U6', technology_lead: 'U2', change_lead: 'U6' },
    });
  });

  it('holdersOfChanged: the new holders with the roles they gain, the old ones with the roles they lost', () => {
    expect(holdersOfChanged(SHOWN, after, 'after')).toEqual(
      new Map([
        ['U6', ['operational_lead', 'change_lead']],
        ['U2', ['technology_lead']],
      ]),
    );
    expect(holdersOfChanged(SHOWN, after, 'before')).toEqual(
      new Map([
        ['U2', ['operational_lead']],
        ['U3', ['technology_lead']],
        ['U5', ['change_lead']],
      ]),
    );
  });
});

describe('exceptions across role changes', () => {
  it('exceptionStillHolds while everyone it names keeps their role', () => {
    const held = roles({ governance_lead: 'U1' });
    expect(exceptionStillHolds(sponsorGovException, held)).toBe(true);
    expect(exceptionStillHolds(sponsorGovException, { ...held, operational_lead: 'U9' })).toBe(true);
    expect(exceptionStillHolds(sponsorGovException, { ...held, governance_lead: 'U4' })).toBe(false);
  });

  it('recordException keeps who, when, why, the rules and the roles that break them', () => {
    const stakeholders = roles({ technology_lead: 'U2', change_lead: 'U2' });
    expect(
      recordException({ userId: 'U0ADMIN', at, reason: 'Tiny team' }, stakeholders, [
        {
          rule: 'at_most_two_roles',
          userId: 'U2',
          role: 'change_lead',
          alsoHolds: ['operational_lead', 'technology_lead'],
        },
      ]),
    ).toEqual({
      reason: 'Tiny team',
      recordedBy: 'U0ADMIN',
      recordedAt: at,
      rules: ['at_most_two_roles'],
      roles: { operational_lead: 'U2', technology_lead: 'U2', change_lead: 'U2' },
    });
  });
});
