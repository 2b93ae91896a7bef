import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { SeparationOfDuties } from '../settings/workspace-settings.domain.js';
import { type RegistrationDraft, RegistrationField, validateRegistration } from './pilot.domain.js';
import type { PilotStore } from './pilot.port.js';
import type { Pilot } from './pilot.types.js';
import {
  EXCEPTION_ADMINS_ONLY,
  EXCEPTION_REASON_MAX,
  recordException,
  type SeparationException,
  separationViolations,
  violationErrors,
} from './separation-of-duties.domain.js';

export interface RegisterCommand {
  teamId: string;
  enterpriseId?: string;
  channelId: string;
  userId: string;
  draft: RegistrationDraft;
  /** The registrant's calendar day (YYYY-MM-DD in their time zone), for "not in the past". */
  today: string;
}

/** What registering asks of the workspace: where separation of duties applies, and who is a gate admin. */
export interface PilotServiceDeps {
  separationFor(teamId: string): Promise<SeparationOfDuties>;
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
  clock: Clock;
}

/** Registers pilots; the caller opens the review once Slack has its acknowledgement. */
export class PilotService {
  constructor(
    private readonly pilots: PilotStore,
    private readonly d: PilotServiceDeps,
  ) {}

  /**
   * Validates and saves the pilot (the unique index is the last word on duplicate names).
   * Throws DomainError with field errors keyed by the modal's block ids.
   */
  async register(cmd: RegisterCommand): Promise<Pilot> {
    const checked = validateRegistration(cmd.draft, cmd.today);
    if (!checked.ok) throw new DomainError('invalid_input', 'The registration needs changes', checked.errors);
    const separationException = await this.separationCheck(cmd, checked.value);
    const existing = await this.pilots.byNameKey(cmd.teamId, checked.value.nameKey);
    if (existing) {
      throw new DomainError('conflict', 'Duplicate pilot name', {
        [RegistrationField.name]: `A pilot named "${existing.name}" already exists in this workspace; pick another name`,
      });
    }
    return this.pilots.create({
      ...checked.value,
      teamId: cmd.teamId,
      ...(cmd.enterpriseId ? { enterpriseId: cmd.enterpriseId } : {}),
      channelId: cmd.channelId,
      createdBy: cmd.userId,
      ...(separationException ? { separationException } : {}),
    });
  }

  /**
   * Separation of duties where the workspace applies it: roles that break a rule are refused on their field,
   * unless a gate admin gives the reason for an exception, which is then stored with the pilot.
   */
  private async separationCheck(
    cmd: RegisterCommand,
    value: { regulated: boolean; stakeholders: Pilot['stakeholders'] },
  ): Promise<SeparationException | undefined> {
    const reason = (cmd.draft.separationException ?? '').trim().slice(0, EXCEPTION_REASON_MAX);
    const setting = await this.d.separationFor(cmd.teamId);
    const violations = separationViolations(value.stakeholders, value.regulated, setting);
    if (violations.length === 0 && !reason) return undefined;
    const admin = await this.d.isGateAdmin(cmd.teamId, cmd.userId);
    const errors: Record<string, string> = {};
    if (reason && !admin) {
      errors[RegistrationField.separationException] = EXCEPTION_ADMINS_ONLY;
    }
    if (violations.length > 0 && !(reason && admin)) {
      Object.assign(
        errors,
        violationErrors(violations, RegistrationField.role, { setting, canRecordException: admin }),
      );
    }
    if (Object.keys(errors).length > 0) throw new DomainError('invalid_input', 'Separation of duties', errors);
    // A reason where no rule is broken records nothing: there is nothing to set aside.
    if (violations.length === 0) return undefined;
    return recordException({ userId: cmd.userId, at: this.d.clock.now(), reason }, value.stakeholders, violations);
  }
}
