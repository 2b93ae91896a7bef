import type { BlockAction } from '@slack/bolt';
import type { Logger } from '../shared/logger.js';
import type { Notifier, OutgoingMessage } from './notifier.js';
import { clickerOf } from './pipeline/action.js';

/**
 * How a listener speaks to a person outside its ack (their DM, an ephemeral, the message they clicked)
 * and reads their time zone. A port, so listeners receive it instead of the whole notifier.
 */
export interface Replies {
  dm(teamId: string, userId: string, msg: OutgoingMessage): Promise<unknown>;
  ephemeral(teamId: string, channel: string, userId: string, msg: OutgoingMessage): Promise<void>;
  update(teamId: string, channel: string, ts: string, msg: OutgoingMessage): Promise<void>;
  /**
   * Says something to the person who clicked: ephemeral in the channel when the click came from a
   * channel message, otherwise (a DM, a modal) in their DM with the app. Never throws; failures are logged.
   */
  toClicker(body: BlockAction, msg: OutgoingMessage): Promise<void>;
  /** The person's time zone; UTC (logged) when Slack cannot say. */
  timeZoneOf(teamId: string, userId: string): Promise<string>;
}

export class SlackReplies implements Replies {
  constructor(
    private readonly notifier: Notifier,
    private readonly logger: Logger,
  ) {}

  dm(teamId: string, userId: string, msg: OutgoingMessage) {
    return this.notifier.dm(teamId, userId, msg);
  }

  ephemeral(teamId: string, channel: string, userId: string, msg: OutgoingMessage) {
    return this.notifier.ephemeral(teamId, channel, userId, msg);
  }

  update(teamId: string, channel: string, ts: string, msg: OutgoingMessage) {
    return this.notifier.update(teamId, channel, ts, msg);
  }

  async toClicker(body: BlockAction, msg: OutgoingMessage): Promise<void> {
    const { teamId, userId } = clickerOf(body);
    const channel = body.channel?.id;
    const inChannel = body.container?.type === 'message' && channel !== undefined && !channel.startsWith('D');
    try {
      if (inChannel) await this.notifier.ephemeral(teamId, channel, userId, msg);
      else await this.notifier.dm(teamId, userId, msg);
    } catch (error) {
      this.logger.warn({ err: error, teamId, userId }, 'could not tell the user');
    }
  }

  async timeZoneOf(teamId: string, userId: string): Promise<string> {
    try {
      return (await this.notifier.userProfile(teamId, userId)).tz;
    } catch (err) {
      this.logger.warn({ err, teamId, userId }, 'no time zone from Slack; using UTC');
      return 'UTC';
    }
  }
}
