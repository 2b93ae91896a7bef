import type { GateCommandHandler } from '../../slack/listener-types.js';
import type { CommandListenerDeps } from './command-deps.js';
import { pilotListMessage } from './gate-list.views.js';

/**
 * `/gate list [page]`: the workspace's pilots with stage and signal grid, only to the caller; the first
 * page is followed by the portfolio chart of the same pilots in the caller's DM (the list's text stays
 * the accessible summary, and a chart that fails never costs the list).
 */
export const listCommand =
  (deps: CommandListenerDeps): GateCommandHandler =>
  async ({ arg, teamId, userId, ack, respond }) => {
    const page = /^\d{1,4}$/.test(arg.trim()) ? Number(arg.trim()) : 1;
    if (arg.trim() && !/^\d{1,4}$/.test(arg.trim())) {
      await ack({
        response_type: 'ephemeral',
        text: '`/gate list` takes no pilot name (try `/gate status <pilot>`), only a page number: `/gate list 2`.',
      });
      return;
    }
    await ack();
    const listed = await deps.commands.listed(teamId, userId);
    await respond({ response_type: 'ephemeral', ...pilotListMessage(listed, page) });
    if (page === 1) await deps.commands.sendListChart(teamId, userId, listed);
  };
