import { DomainError } from '../../shared/errors.js';
import { type RegistrationDraft, RegistrationField, validateRegistration } from './pilot.domain.js';
import type { PilotStore } from './pilot.port.js';
import type { Pilot } from './pilot.types.js';

export interface RegisterCommand {
  teamId: string;
  enterpriseId?: string;
  channelId: string;
  userId: string;
  draft: RegistrationDraft;
  /** The registrant's calendar day (YYYY-MM-DD in their time zone), for "not in the past". */
  today: string;
}

/** Registers pilots; the caller opens the review once Slack has its acknowledgement. */
export class PilotService {
  constructor(private readonly pilots: PilotStore) {}

  /**
   * Validates and saves the pilot (the unique index is the last word on duplicate names).
   * Throws DomainError with field errors keyed by the modal's block ids.
   */
  async register(cmd: RegisterCommand): Promise<Pilot> {
    const checked = validateRegistration(cmd.draft, cmd.today);
    if (!checked.ok) throw new DomainError('invalid_input', 'The registration needs changes', checked.errors);
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
    });
  }
}
