import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { SlackCallObserver } from '../metrics/observed-fetch.js';
import { RetryAfterWebClient } from './retry-after-client.js';

/** Finds the bot token for a workspace: the single-workspace token or the installation store. */
export type TokenResolver = (teamId: string, enterpriseId?: string) => Promise<string>;

/**
 * One WebClient per token, every one pointed at `SLACK_API_URL` when set, so that jobs and
 * services reach Slack the same way listeners do (and tests reach the simulator). 429s wait exactly
 * their Retry-After (RetryAfterWebClient).
 */
export class SlackClients {
  private readonly cache = new Map<string, WebClient>();

  constructor(
    private readonly resolveToken: TokenResolver,
    private readonly options: WebClientOptions & { onCall?: SlackCallObserver },
  ) {}

  async forTeam(teamId: string, enterpriseId?: string): Promise<WebClient> {
    const token = await this.resolveToken(teamId, enterpriseId);
    let client = this.cache.get(token);
    if (!client) {
      client = new RetryAfterWebClient(token, this.options);
      this.cache.set(token, client);
    }
    return client;
  }

  forget(): void {
    this.cache.clear();
  }
}
