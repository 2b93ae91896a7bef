/**
 * Separation of duties: the executive sponsor, who decides, is not also the governance lead, who owns the
 * risk; and one person holds at most two of the five roles. The workspace chooses where the rules apply
 * (regulated pilots only by default); a gate admin may record an exception, with its reason, for one role set.
 */
import { ROLE_IDS, ROLE_LABELS, type RoleId } from '../../core/catalog.domain.js';
import type { SeparationOfDuties } from '../settings/workspace-settings.domain.js';

export const SEPARATION_RULES = ['sponsor_not_governance', 'at_most_two_roles'] as const;
export type SeparationRule = (typeof SEPARATION_RULES)[number];

/** The longest exception reason kept (the modal's max_length; a forged submission is cut to it). */
export const EXCEPTION_REASON_MAX = 500;

/** The most roles one person may hold where the rules apply. */
export const MAX_ROLES_PER_PERSON = 2;

/** One break of a rule: which rule, by whom, and the role field that breaks it (where the error goes). */
export interface SeparationViolation {
  rule: SeparationRule;
  userId: string;
  /** The role whose assignment breaks the rule: the governance lead, or a person's third (fourth…) role. */
  role: RoleId;
  /** The roles the person holds besides `role`. */
  alsoHolds: RoleId[];
}

/** A gate admin's exception, stored on the pilot: it covers exactly the role set it was recorded for. */
export interface SeparationException {
  reason: string;
  recordedBy: string;
  recordedAt: Date;
  rules: SeparationRule[];
  /** The assignments that break the rules, as recorded: another role set needs an exception of its own. */
  roles: Partial<Record<RoleId, string>>;
}

/** Whether the rules apply to a pilot under the workspace's choice. */
export const separationApplies = (setting: SeparationOfDuties, regulated: boolean): boolean =>
  setting === 'all' || (setting === 'regulated' && regulated);

/** Every break of the rules by these roles, in role order; none where the rules do not apply. */
export function separationViolations(
  stakeholders: Partial<Record<RoleId, string>>,
  regulated: boolean,
  setting: SeparationOfDuties,
): SeparationViolation[] {
  if (!separationApplies(setting, regulated)) return [];
  const violations: SeparationViolation[] = [];
  const sponsor = stakeholders.executive_sponsor;
  if (sponsor && sponsor === stakeholders.governance_lead) {
    violations.push({
      rule: 'sponsor_not_governance',
      userId: sponsor,
      role: 'governance_lead',
      alsoHolds: ['executive_sponsor'],
    });
  }
  const held = new Map<string, RoleId[]>();
  for (const role of ROLE_IDS) {
    const user = stakeholders[role];
    if (!user) continue;
    const before = held.get(user) ?? [];
    if (before.length >= MAX_ROLES_PER_PERSON) {
      violations.push({ rule: 'at_most_two_roles', userId: user, role, alsoHolds: before });
    }
    held.set(user, [...before, role]);
  }
  return violations;
}

/** The assignments an exception for these violations covers: each violating role and the roles it sits with. */
export function violatingRoles(
  stakeholders: Partial<Record<RoleId, string>>,
  violations: readonly SeparationViolation[],
): Partial<Record<RoleId, string>> {
  const roles = new Set(violations.flatMap((v) => [v.role, ...v.alsoHolds]));
  return Object.fromEntries(ROLE_IDS.filter((r) => roles.has(r)).map((r) => [r, stakeholders[r]]));
}

/** The exception a gate admin records with `reason` for these violations of these roles. */
export function recordException(
  by: { userId: string; at: Date; reason: string },
  stakeholders: Partial<Record<RoleId, string>>,
  violations: readonly SeparationViolation[],
): SeparationException {
  return {
    reason: by.reason,
    recordedBy: by.userId,
    recordedAt: by.at,
    rules: [...new Set(violations.map((v) => v.rule))],
    roles: violatingRoles(stakeholders, violations),
  };
}

/**
 * Whether an exception still describes these roles: everyone it was recorded for still holds the same role.
 * A role change that moves one of them leaves it describing a role set that no longer exists.
 */
export const exceptionStillHolds = (
  exception: Pick<SeparationException, 'roles'>,
  stakeholders: Partial<Record<RoleId, string>>,
): boolean => ROLE_IDS.every((r) => exception.roles[r] === undefined || stakeholders[r] === exception.roles[r]);

/** Whether an exception covers these violations: recorded for the same people in the same roles. */
export function exceptionCovers(
  exception: Pick<SeparationException, 'roles'> | undefined,
  stakeholders: Partial<Record<RoleId, string>>,
  violations: readonly SeparationViolation[],
): boolean {
  if (violations.length === 0) return true;
  if (!exception) return false;
  const needed = violatingRoles(stakeholders, violations);
  return ROLE_IDS.every((r) => needed[r] === undefined || exception.roles[r] === needed[r]);
}

/** Told to someone who is not a gate admin and typed an exception reason anyway (a forged form). */
export const EXCEPTION_ADMINS_ONLY =
  'Only a gate admin can record an exception to separation of duties; clear this field';

const lower = (role: RoleId) => ROLE_LABELS[role].toLowerCase();

/** What the person reads on the role field: the rule broken, by whom, and what to do. */
export function violationMessage(
  v: SeparationViolation,
  context: { setting: SeparationOfDuties; canRecordException: boolean },
): string {
  const where = context.setting === 'all' ? '' : ' on a regulated pilot';
  const todo = context.canRecordException
    ? 'Pick someone else, or write why an exception is acceptable in the exception field.'
    : 'Pick someone else, or ask a gate admin to record an exception.';
  if (v.rule === 'sponsor_not_governance') {
    return `Separation of duties: the executive sponsor can't also be the governance lead${where}. ${todo}`;
  }
  const roles = v.alsoHolds.map((r) => `the ${lower(r)}`);
  const holds = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} and ${roles.at(-1)}` : (roles[0] ?? '');
  return `Separation of duties: one person may hold at most two roles${where}, and this person is already ${holds}. ${todo}`;
}

/** The rules an exception set aside, in words for the card and the decision record. */
export const RULE_TEXT: Record<SeparationRule, string> = {
  sponsor_not_governance: 'the executive sponsor is also the governance lead',
  at_most_two_roles: 'one person holds more than two roles',
};

/** Field errors keyed by each violating role's block id (`fieldOf`); the first rule broken on a field speaks. */
export function violationErrors(
  violations: readonly SeparationViolation[],
  fieldOf: (role: RoleId) => string,
  context: { setting: SeparationOfDuties; canRecordException: boolean },
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const v of violations) errors[fieldOf(v.role)] ??= violationMessage(v, context);
  return errors;
}
