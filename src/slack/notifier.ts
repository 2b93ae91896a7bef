import type { KnownBlock } from '@slack/types';
import type { SlackClients } from './slack-clients.js';

export interface OutgoingMessage {
  text: string;
  blocks?: KnownBlock[];
}

export interface UserProfile {
  id: string;
  tz: string;
  tzOffsetSeconds: number;
  name: string;
}

/** The one way services and jobs speak to Slack; a port so services stay testable. */
export interface Notifier {
  post(
    teamId: string,
    channel: string,
    msg: OutgoingMessage,
    threadTs?: string,
  ): Promise<{ channel: string; ts: string }>;
  update(teamId: string, channel: string, ts: string, msg: OutgoingMessage): Promise<void>;
  dm(teamId: string, userId: string, msg: OutgoingMessage): Promise<{ channel: string; ts: string }>;
  ephemeral(teamId: string, channel: string, userId: string, msg: OutgoingMessage): Promise<void>;
  userProfile(teamId: string, userId: string): Promise<UserProfile>;
}

const PROFILE_TTL_MS = 60 * 60 * 1000;

export class SlackNotifier implements Notifier {
  private readonly profiles = new Map<string, { at: number; profile: UserProfile }>();
  private readonly dmChannels = new Map<string, string>();

  constructor(private readonly clients: SlackClients) {}

  async post(teamId: string, channel: string, msg: OutgoingMessage, threadTs?: string) {
    const client = await this.clients.forTeam(teamId);
    const res = await client.chat.postMessage({
      channel,
      text: msg.text,
      ...(msg.blocks ? { blocks: msg.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
    });
    return { channel: String(res.channel), ts: String(res.ts) };
  }

  async update(teamId: string, channel: string, ts: string, msg: OutgoingMessage) {
    const client = await this.clients.forTeam(teamId);
    await client.chat.update({ channel, ts, text: msg.text, ...(msg.blocks ? { blocks: msg.blocks } : {}) });
  }

  async dm(teamId: string, userId: string, msg: OutgoingMessage) {
    const key = `${teamId}:${userId}`;
    let channel = this.dmChannels.get(key);
    if (!channel) {
      const client = await this.clients.forTeam(teamId);
      const opened = await client.conversations.open({ users: userId });
      channel = String(opened.channel?.id);
      this.dmChannels.set(key, channel);
    }
    return this.post(teamId, channel, msg);
  }

  async ephemeral(teamId: string, channel: string, userId: string, msg: OutgoingMessage) {
    const client = await this.clients.forTeam(teamId);
    await client.chat.postEphemeral({
      channel,
      user: userId,
      text: msg.text,
      ...(msg.blocks ? { blocks: msg.blocks } : {}),
    });
  }

  /** users.info is Tier 4 but asked often (quiet hours, dates): cache each profile for an hour. */
  async userProfile(teamId: string, userId: string): Promise<UserProfile> {
    const key = `${teamId}:${userId}`;
    const hit = this.profiles.get(key);
    if (hit && Date.now() - hit.at < PROFILE_TTL_MS) return hit.profile;
    const client = await this.clients.forTeam(teamId);
    const res = await client.users.info({ user: userId });
    const user = res.user;
    const profile: UserProfile = {
      id: userId,
      tz: user?.tz ?? 'UTC',
      tzOffsetSeconds: user?.tz_offset ?? 0,
      name: user?.profile?.real_name || user?.real_name || user?.name || userId,
    };
    this.profiles.set(key, { at: Date.now(), profile });
    return profile;
  }
}
