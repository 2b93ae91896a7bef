import type { GateCommandHandler } from '../../slack/listener-types.js';
import type { StoredSignalStatus } from '../reviews/review.types.js';
import { type ListedPilot, pilotListMessage } from './gate-list.views.js';

/** `/gate list [page]`: the workspace's pilots with stage and signal grid, only to the caller. */
export const listCommand: GateCommandHandler = async ({ arg, teamId, userId, ack, respond, deps }) => {
  const page = /^\d{1,4}$/.test(arg.trim()) ? Number(arg.trim()) : 1;
  if (arg.trim() && !/^\d{1,4}$/.test(arg.trim())) {
    await ack({
      response_type: 'ephemeral',
      text: '`/gate list` takes no pilot name (try `/gate status <pilot>`), only a page number: `/gate list 2`.',
    });
    return;
  }
  await ack();
  // Pilots of private channels only for their insiders and the channels' members (pilot-visibility.policy.ts).
  const pilots = await deps.services.audience
    .session(teamId)
    .visible(await deps.repos.pilots.listForTeam(teamId), userId);
  const reviews = await deps.repos.reviews.byPilots(
    teamId,
    pilots.map((p) => p.id),
  );
  const statusesOf = new Map<string, StoredSignalStatus[]>(reviews.map((r) => [r.pilotId, r.statuses]));
  const listed: ListedPilot[] = pilots
    .map((p) => ({ ...p, statuses: statusesOf.get(p.id) ?? [] }))
    .sort((a, b) => a.name.localeCompare(b.name));
  await respond({ response_type: 'ephemeral', ...pilotListMessage(listed, page) });
};
