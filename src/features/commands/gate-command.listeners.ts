import type { App } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { runCommand } from '../../slack/pipeline/command.js';
import { HELP_LINES, parseGateCommand, type Subcommand } from './gate-command.domain.js';

const help = (prefix?: string) => ({
  response_type: 'ephemeral' as const,
  text: [prefix, ...HELP_LINES].filter((l) => l !== undefined).join('\n'),
});

/**
 * The one slash command. Each feature contributes its subcommand handler; a handler acks first
 * (Slack's 3 seconds) and then does its work. Unknown text gets usage help, never silence.
 */
export function registerGateCommand(
  app: App,
  logger: Logger,
  handlers: Partial<Record<Subcommand, GateCommandHandler>>,
): void {
  app.command(Ids.command, async ({ command, ack, respond, client }) => {
    const parsed = parseGateCommand(command.text ?? '');
    if (parsed.sub === 'unknown') {
      await ack(help(`I don’t know \`/gate ${parsed.word.slice(0, 40)}\`. Here is what I can do:`));
      return;
    }
    const handler = handlers[parsed.sub];
    if (parsed.sub === 'help' || !handler) {
      await ack(help(handler || parsed.sub === 'help' ? undefined : `\`/gate ${parsed.sub}\` is not available yet.`));
      return;
    }
    await runCommand(logger, { command: parsed.sub, teamId: command.team_id }, respond, () =>
      handler({
        arg: parsed.arg,
        teamId: command.team_id,
        ...(command.enterprise_id ? { enterpriseId: command.enterprise_id } : {}),
        userId: command.user_id,
        channelId: command.channel_id,
        triggerId: command.trigger_id,
        ack,
        respond,
        client,
      }),
    );
  });
}
