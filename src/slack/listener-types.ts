import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';

/**
 * What a `/gate` subcommand handler receives: the parsed command plus Bolt's ack/respond/client.
 * A feature builds its handler from the services it uses (`xCommand(deps)`), so nothing here names them.
 */
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
}

export type GateCommandHandler = (args: GateCommandArgs) => Promise<void>;
