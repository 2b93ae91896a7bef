import type { BlockAction } from '@slack/bolt';
import type { Deps } from '../app/deps.js';
import type { OutgoingMessage } from './notifier.js';

/** Who acted, in which workspace; every lookup that follows is scoped by that team. */
export const actorOf = (body: { team: { id: string } | null; user: { id: string; team_id?: string } }) => ({
  teamId: body.team?.id ?? body.user.team_id ?? '',
  userId: body.user.id,
});

/**
 * Says something to the person who clicked a button: ephemeral in the channel when the click came from
 * a channel message, otherwise (a DM, a modal) in their DM with the app. Never throws; failures are logged.
 */
export async function tellUser(deps: Deps, body: BlockAction, msg: OutgoingMessage): Promise<void> {
  const { teamId, userId } = actorOf(body);
  const channel = body.channel?.id;
  const inChannel = body.container?.type === 'message' && channel !== undefined && !channel.startsWith('D');
  try {
    if (inChannel) await deps.notifier.ephemeral(teamId, channel, userId, msg);
    else await deps.notifier.dm(teamId, userId, msg);
  } catch (error) {
    deps.logger.warn({ err: error, teamId, userId }, 'could not tell the user');
  }
}
