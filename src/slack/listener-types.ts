import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../app/deps.js';

/** What a `/gate` subcommand handler receives: the parsed command plus Bolt's ack/respond/client. */
export interface GateCommandArgs {
  arg: string;
  teamId: string;
  enterpriseId?: string;
  userId: string;
  channelId: string;
  triggerId: string;
  ack: SlackCommandMiddlewareArgs['ack'];
  respond: SlackCommandMiddlewareArgs['respond'];
  client: AllMiddlewareArgs['client'];
  deps: Deps;
}

export type GateCommandHandler = (args: GateCommandArgs) => Promise<void>;
