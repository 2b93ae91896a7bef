import type { Logger } from '../../shared/logger.js';
import type { SlackClients } from '../../slack/slack-clients.js';
import { canSeePilot, isPilotInsider, type VisibilityPilot } from './pilot-visibility.policy.js';

/** A pilot as the audience check reads it: the visibility fields and its id (to store a looked-up privacy). */
export type AudiencePilot = VisibilityPilot & { id: string };

export interface AudienceDeps {
  clients: SlackClients;
  logger: Logger;
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
  /**
   * Stores a channel privacy looked up for a pilot registered before it was stored: on that pilot and every
   * other pilot of `channelId` (else each run asks Slack again about a channel whose other pilots lack it).
   */
  savePrivacy(teamId: string, pilotId: string, channelPrivate: boolean, channelId: string): Promise<void>;
}

/** Slack's page size for conversations.members (its maximum is 1000; 200 is the documented advice). */
const MEMBERS_PAGE = 200;

/**
 * Who may see which pilot, at the Slack edge: channel privacy (stored on the pilot, else
 * conversations.info) and membership (conversations.members). One session per request or job run
 * asks Slack at most once per channel; an answer Slack cannot give counts as private / not a member.
 */
/** One request's (or one job run's) view of who sees what in a workspace. */
export interface AudienceCheck {
  canSee(pilot: AudiencePilot, userId: string): Promise<boolean>;
  visible<P extends AudiencePilot>(pilots: readonly P[], userId: string): Promise<P[]>;
  isPrivate(pilot: AudiencePilot): Promise<boolean>;
}

export class PilotAudience {
  constructor(private readonly d: AudienceDeps) {}

  session(teamId: string): AudienceCheck {
    return new AudienceSession(teamId, this.d);
  }
}

class AudienceSession implements AudienceCheck {
  private readonly admins = new Map<string, Promise<boolean>>();
  private readonly privacy = new Map<string, Promise<boolean>>();
  private readonly members = new Map<string, Promise<Set<string>>>();

  constructor(
    private readonly teamId: string,
    private readonly d: AudienceDeps,
  ) {}

  async canSee(pilot: AudiencePilot, userId: string): Promise<boolean> {
    // A public channel's pilot is everyone's: no need to ask who is a gate admin (a database read).
    if (pilot.channelPrivate === false) return true;
    const viewer = { userId, isGateAdmin: await this.isAdmin(userId) };
    if (isPilotInsider(pilot, viewer)) return true;
    const isPrivate = await this.isPrivate(pilot);
    const members = isPrivate ? await this.membersOf(pilot.channelId) : new Set<string>();
    return canSeePilot(pilot, viewer, { isPrivate, hasMember: (u) => members.has(u) });
  }

  /** The pilots of `pilots` that `userId` may see, in their order. */
  async visible<P extends AudiencePilot>(pilots: readonly P[], userId: string): Promise<P[]> {
    const seen = await Promise.all(pilots.map((p) => p.channelPrivate === false || this.canSee(p, userId)));
    return pilots.filter((_p, i) => seen[i]);
  }

  private isAdmin(userId: string): Promise<boolean> {
    return cached(this.admins, userId, () => this.d.isGateAdmin(this.teamId, userId));
  }

  /** Whether the pilot's channel is private: as stored, else asked of Slack once and stored. */
  async isPrivate(pilot: AudiencePilot): Promise<boolean> {
    if (pilot.channelPrivate !== undefined) return pilot.channelPrivate;
    return cached(this.privacy, pilot.channelId, async () => {
      try {
        const client = await this.d.clients.forTeam(this.teamId);
        const info = await client.conversations.info({ channel: pilot.channelId });
        const isPrivate = info.channel?.is_private === true;
        await this.d.savePrivacy(this.teamId, pilot.id, isPrivate, pilot.channelId);
        return isPrivate;
      } catch (err) {
        this.d.logger.warn(
          { err, teamId: this.teamId, channel: pilot.channelId },
          'channel privacy unknown; kept private',
        );
        return true;
      }
    });
  }

  private membersOf(channel: string): Promise<Set<string>> {
    return cached(this.members, channel, async () => {
      const found = new Set<string>();
      try {
        const client = await this.d.clients.forTeam(this.teamId);
        let cursor: string | undefined;
        do {
          const page = await client.conversations.members({
            channel,
            limit: MEMBERS_PAGE,
            ...(cursor ? { cursor } : {}),
          });
          for (const m of page.members ?? []) found.add(m);
          cursor = page.response_metadata?.next_cursor || undefined;
        } while (cursor);
      } catch (err) {
        this.d.logger.warn({ err, teamId: this.teamId, channel }, 'channel members unknown; shown to insiders only');
        found.clear();
      }
      return found;
    });
  }
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = load();
    map.set(key, value);
  }
  return value;
}
