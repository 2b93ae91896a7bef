import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { Notifier } from '../../slack/notifier.js';
import type { AuditInput, AuditTrail } from '../audit/audit.port.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import { RegistrationField } from '../pilots/pilot.domain.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot, RoleChangeFollowUp } from '../pilots/pilot.types.js';
import type { PilotAudience } from '../pilots/pilot-audience.service.js';
import {
  changedRoles,
  holdersOfChanged,
  mayChangeRoles,
  type RoleChangeForm,
  roleChangeVerdict,
  roleDiff,
} from '../pilots/role-change.domain.js';
import { rolesRefusalText } from '../pilots/role-change.views.js';
import { separationApplies } from '../pilots/separation-of-duties.domain.js';
import type { SeparationOfDuties } from '../settings/workspace-settings.domain.js';
import { appendMissing } from './follow-up-audit.js';
import type { ReviewStore } from './review.port.js';
import type { ReviewService } from './review.service.js';
import type { Review } from './review.types.js';
import { roleRemovedMessage } from './stakeholder-dm.views.js';

export interface RoleChangeServiceDeps {
  pilots: PilotStore;
  reviews: ReviewStore;
  audit: AuditTrail;
  /** The card, and the invites of new holders (deliveries keyed by the change: nobody is invited twice). */
  reviewService: Pick<ReviewService, 'inviteStakeholders' | 'refreshCard'>;
  notifier: Pick<Notifier, 'dm'>;
  deliveries: Pick<DeliveryStore, 'once'>;
  /** Who may see which pilot (private channels): anyone else is answered as if it did not exist. */
  audience: Pick<PilotAudience, 'session'>;
  separationFor(teamId: string): Promise<SeparationOfDuties>;
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
  clock: Clock;
  logger: Logger;
  /** Home tabs of the people a change took a role from (the card's render refreshes the holders'); not awaited. */
  refreshHome?(teamId: string, userIds: string[]): void;
}

/** What the roles modal shows to the person opening it. */
export interface RoleChangeOpening {
  pilot: Pilot;
  review: Review;
  /** Separation of duties applies to this pilot. */
  separation: boolean;
  /** The opener is a gate admin where separation of duties applies: the exception field is theirs. */
  offerException: boolean;
}

/** A submitted roles modal. */
export interface RoleChangeCommand {
  teamId: string;
  reviewId: string;
  userId: string;
  form: RoleChangeForm;
}

/** A change that landed: the pilot as written, its review, and the marker of the steps still to run. */
export interface RoleChange {
  pilot: Pilot;
  review: Review;
  followUp: RoleChangeFollowUp;
  /** The review's copy of the roles and the audit events are written (else announce tries them again). */
  written: boolean;
}

export const STALE_ROLES = 'Someone changed these roles a moment ago; close and open again.';

/** The invite of a role change's new holder: once per change and person, whatever they were asked before. */
export const roleInviteKey = (reviewId: string, version: number, userId: string) =>
  `invite:${reviewId}:roles${version}:${userId}`;

/** The DM to someone a role change took a role from: once per change and person. */
export const roleRemovedKey = (reviewId: string, version: number, userId: string) =>
  `roles-removed:${reviewId}:${version}:${userId}`;

/**
 * Reassigning a pilot's roles (the executive sponsor or a gate admin): the same separation-of-duties
 * rules as registration, one compare-and-set write on the pilot carrying a marker of the later steps, then
 * the review's copy of the roles and the audit events before the reply, and the card, the invites and the
 * DMs after it. A stop in between leaves the marker: the next change or the repair job finishes the steps.
 */
export class RoleChangeService {
  constructor(private readonly d: RoleChangeServiceDeps) {}

  /** The modal's content for `userId`, or a DomainError saying who may change the roles. */
  async prepare(teamId: string, reviewId: string, userId: string): Promise<RoleChangeOpening> {
    const { pilot, review } = await this.load(teamId, reviewId, userId);
    const admin = await this.assertMayChange(pilot, userId);
    const separation = separationApplies(await this.d.separationFor(teamId), pilot.regulated);
    return { pilot, review, separation, offerException: admin && separation };
  }

  /**
   * Checks and writes the change, before the reply: null when the form changes nothing (nothing written).
   * @throws DomainError forbidden (not the sponsor or a gate admin), invalid_input (fields keyed by block
   *   id, with the separation-of-duties rule broken), conflict (the roles changed since the form opened)
   */
  async change(cmd: RoleChangeCommand): Promise<RoleChange | null> {
    const { pilot, review } = await this.load(cmd.teamId, cmd.reviewId, cmd.userId);
    const admin = await this.assertMayChange(pilot, cmd.userId);
    const stale = new DomainError('conflict', STALE_ROLES, {
      [RegistrationField.role('executive_sponsor')]: STALE_ROLES,
    });
    if (changedRoles(cmd.form.shown, pilot.stakeholders).length > 0) throw stale;
    const now = this.d.clock.now();
    const verdict = roleChangeVerdict(cmd.form, {
      regulated: pilot.regulated,
      setting: await this.d.separationFor(cmd.teamId),
      admin,
      userId: cmd.userId,
      now,
      exception: pilot.separationException,
    });
    if (verdict.kind === 'unchanged') return null;
    if (verdict.kind === 'refused') throw new DomainError('invalid_input', 'The roles need changes', verdict.errors);
    // An earlier change whose steps stopped: its copy and events first, so the chain keeps the order of changes.
    if (pilot.rolesFollowUp) await this.writeSteps(pilot, pilot.rolesFollowUp, true);
    const changed = await this.d.pilots.changeRoles(cmd.teamId, pilot.id, {
      expected: cmd.form.shown,
      expectedVersion: pilot.rolesVersion,
      next: verdict.next,
      exception: verdict.exception,
      followUp: {
        reviewId: review.id,
        before: cmd.form.shown,
        after: verdict.next,
        actor: cmd.userId,
        at: now,
        ...(verdict.recorded ? { recorded: verdict.recorded } : {}),
      },
    });
    if (!changed?.rolesFollowUp) throw stale;
    // The change is stored: from here a failure is left to announce or the repair job, and the person hears "saved".
    const written = await this.writeSteps(changed, changed.rolesFollowUp, false).then(
      () => true,
      (err: unknown) => {
        this.d.logger.warn({ err, pilotId: pilot.id }, 'role change stored; its copy and audit are written later');
        return false;
      },
    );
    return { pilot: changed, review, followUp: changed.rolesFollowUp, written };
  }

  /**
   * After the reply: the copy and audit events if they failed before it, then the card, the new holders'
   * invites, the removed holders' DMs and Home; the marker goes last, so a failure or a stop leaves it to
   * the repair job.
   */
  async announce({ pilot, review, followUp: f, written }: RoleChange): Promise<void> {
    const teamId = pilot.teamId;
    if (!written) await this.writeSteps(pilot, f, true);
    const after = { ...pilot, stakeholders: f.after };
    await this.d.reviewService
      .refreshCard(teamId, review.id)
      .catch((err: unknown) =>
        this.d.logger.warn({ err, reviewId: review.id }, 'card not refreshed after a role change'),
      );
    const gained = [...holdersOfChanged(f.before, f.after, 'after').values()].flat();
    await this.d.reviewService.inviteStakeholders(after, review, gained, undefined, (userId) =>
      roleInviteKey(review.id, f.version, userId),
    );
    const removed = holdersOfChanged(f.before, f.after, 'before');
    for (const [userId, roles] of removed) {
      if (userId === f.actor) continue; // who made the change knows it
      const message = roleRemovedMessage({ pilot: after, roles, by: f.actor });
      await this.d.deliveries
        .once(roleRemovedKey(review.id, f.version, userId), teamId, this.d.clock.now(), () =>
          this.d.notifier.dm(teamId, userId, message),
        )
        .catch((err: unknown) => this.d.logger.warn({ err, teamId, userId }, 'could not DM a removed role holder'));
    }
    this.d.refreshHome?.(teamId, [...removed.keys()]);
    await this.d.pilots.clearRoleChange(teamId, pilot.id, f.version);
  }

  /**
   * Finishes a role change whose steps stalled (claimed by nobody since `staleBefore`), for the repair
   * job: true when this call did it. Each step is safe to repeat: the copy is versioned, an event already
   * in the chain is not appended again, invites and DMs are deliveries.
   */
  async finishStalled(teamId: string, pilotId: string, staleBefore: Date): Promise<boolean> {
    const pilot = await this.d.pilots.byId(teamId, pilotId);
    const f = pilot?.rolesFollowUp;
    if (!pilot || !f) return false;
    if (!(await this.d.pilots.claimRoleChange(teamId, pilotId, f.version, staleBefore, this.d.clock.now()))) {
      return false;
    }
    const review = await this.d.reviews.byId(teamId, f.reviewId);
    if (!review) {
      await this.d.pilots.clearRoleChange(teamId, pilotId, f.version);
      return false;
    }
    await this.announce({ pilot, review, followUp: f, written: false });
    return true;
  }

  /** The review's copy of the roles, then `roles.changed` (and an exception recorded with it) on its chain. */
  private async writeSteps(pilot: Pilot, f: RoleChangeFollowUp, repeat: boolean): Promise<void> {
    await this.d.reviews.syncStakeholders(pilot.teamId, f.reviewId, f.after, f.version);
    const base = { teamId: pilot.teamId, reviewId: f.reviewId, at: new Date(f.at) };
    const diff = roleDiff(f.before, f.after);
    const events: AuditInput[] = [
      { ...base, actor: f.actor, type: 'roles.changed', subject: pilot.name, before: diff.before, after: diff.after },
    ];
    if (f.recorded) {
      const { reason, rules, roles, recordedBy } = f.recorded;
      events.push({
        ...base,
        actor: recordedBy,
        type: 'separation.exception_recorded',
        subject: 'separation of duties',
        before: null,
        after: { reason, rules, roles },
      });
    }
    await appendMissing(this.d.audit, events, repeat);
  }

  private async load(teamId: string, reviewId: string, userId: string): Promise<{ pilot: Pilot; review: Review }> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const found = review ? await this.d.pilots.byId(teamId, review.pilotId) : null;
    const pilot = found && (await this.d.audience.session(teamId).canSee(found, userId)) ? found : null;
    if (!review || !pilot) throw new DomainError('not_found', 'I can’t find that gate review in this workspace.');
    return { pilot, review };
  }

  /** Whether `userId` is a gate admin, once they may change the roles; otherwise who may, as a DomainError. */
  private async assertMayChange(pilot: Pilot, userId: string): Promise<boolean> {
    const admin = await this.d.isGateAdmin(pilot.teamId, userId);
    if (!mayChangeRoles(pilot.stakeholders.executive_sponsor, userId, admin)) {
      throw new DomainError('forbidden', rolesRefusalText(pilot.name));
    }
    return admin;
  }
}
