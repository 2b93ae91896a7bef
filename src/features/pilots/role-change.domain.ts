/**
 * Changing a pilot's roles after registration: who may, what a submitted form amounts to (nothing, a
 * refusal on the fields to fix, or the change with the separation-of-duties exception the pilot keeps),
 * and who gains or loses which role. The rules are registration's (separation-of-duties.domain.ts). Pure.
 */
import { ROLE_IDS, ROLE_LABELS, type RoleId } from '../../core/catalog.domain.js';
import type { SeparationOfDuties } from '../settings/workspace-settings.domain.js';
import { RegistrationField } from './pilot.domain.js';
import {
  EXCEPTION_ADMINS_ONLY,
  EXCEPTION_REASON_MAX,
  exceptionCovers,
  exceptionStillHolds,
  recordException,
  type SeparationException,
  separationViolations,
  violationErrors,
} from './separation-of-duties.domain.js';

export type Stakeholders = Record<RoleId, string>;

/** Only the pilot's executive sponsor or a workspace gate admin reassigns its roles. */
export const mayChangeRoles = (sponsorId: string, userId: string, isGateAdmin: boolean): boolean =>
  userId === sponsorId || isGateAdmin;

/** The roles form as submitted. */
export interface RoleChangeForm {
  /** The holders the form was opened with. */
  shown: Stakeholders;
  /** The holders picked (null: a role left empty). */
  picked: Partial<Record<RoleId, string | null>>;
  /** The exception reason typed ('' when none). */
  reason: string;
}

/** What the form is judged by: the pilot, the workspace's setting, and who submits it when. */
export interface RoleChangeContext {
  regulated: boolean;
  setting: SeparationOfDuties;
  admin: boolean;
  userId: string;
  now: Date;
  /** The exception stored on the pilot, if any. */
  exception: SeparationException | undefined;
}

export type RoleChangeVerdict =
  | { kind: 'unchanged' }
  | { kind: 'refused'; errors: Record<string, string> }
  | {
      kind: 'changed';
      next: Stakeholders;
      /** The exception the pilot keeps after the change (null: none). */
      exception: SeparationException | null;
      /** The exception recorded with this change, when a gate admin gave a reason for one. */
      recorded: SeparationException | null;
    };

/**
 * The verdict on a submitted form, keyed like registration's errors. Every role needs a person; the same
 * holders as shown change nothing. Where the new holders break a rule, the pilot's exception still
 * covering them lets the change through, else a gate admin's reason records a new one, else each
 * offending field says the rule. An exception whose people no longer hold its roles is dropped.
 */
export function roleChangeVerdict(form: RoleChangeForm, ctx: RoleChangeContext): RoleChangeVerdict {
  const errors: Record<string, string> = {};
  const next: Partial<Stakeholders> = {};
  for (const role of ROLE_IDS) {
    const user = form.picked[role];
    if (user) next[role] = user;
    else
      errors[RegistrationField.role(role)] = `Name the ${ROLE_LABELS[role].toLowerCase()}: every role needs a person`;
  }
  if (Object.keys(errors).length > 0) return { kind: 'refused', errors };
  const roles = next as Stakeholders;
  if (changedRoles(form.shown, roles).length === 0) return { kind: 'unchanged' };
  const reason = form.reason.trim().slice(0, EXCEPTION_REASON_MAX);
  const violations = separationViolations(roles, ctx.regulated, ctx.setting);
  const kept = ctx.exception && exceptionStillHolds(ctx.exception, roles) ? ctx.exception : null;
  const recording = violations.length > 0 && reason !== '' && ctx.admin;
  if (reason && !ctx.admin) errors[RegistrationField.separationException] = EXCEPTION_ADMINS_ONLY;
  if (violations.length > 0 && !recording && !exceptionCovers(kept ?? undefined, roles, violations)) {
    const context = { setting: ctx.setting, canRecordException: ctx.admin };
    Object.assign(errors, violationErrors(violations, RegistrationField.role, context));
  }
  if (Object.keys(errors).length > 0) return { kind: 'refused', errors };
  // A reason where no rule is broken records nothing, as at registration.
  const recorded = recording ? recordException({ userId: ctx.userId, at: ctx.now, reason }, roles, violations) : null;
  return { kind: 'changed', next: roles, exception: recorded ?? kept, recorded };
}

/** The roles whose holder differs, in role order. */
export const changedRoles = (before: Stakeholders, after: Stakeholders): RoleId[] =>
  ROLE_IDS.filter((r) => before[r] !== after[r]);

/** The changed roles only, before and after (role → user id): what the audit event records. */
export function roleDiff(
  before: Stakeholders,
  after: Stakeholders,
): { before: Partial<Stakeholders>; after: Partial<Stakeholders> } {
  const roles = changedRoles(before, after);
  return {
    before: Object.fromEntries(roles.map((r) => [r, before[r]])),
    after: Object.fromEntries(roles.map((r) => [r, after[r]])),
  };
}

/** Per person, the changed roles `side` holds them in: the new holders (`after`) or the people removed (`before`). */
export function holdersOfChanged(
  before: Stakeholders,
  after: Stakeholders,
  side: 'before' | 'after',
): Map<string, RoleId[]> {
  const byUser = new Map<string, RoleId[]>();
  const of = side === 'before' ? before : after;
  for (const role of changedRoles(before, after)) byUser.set(of[role], [...(byUser.get(of[role]) ?? []), role]);
  return byUser;
}
