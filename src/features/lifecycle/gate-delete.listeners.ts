import type { App } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { decodeMetadata } from '../../slack/private-metadata.js';
import { explainError } from '../../slack/respond-error.js';
import { lookupPilot } from '../pilots/pilot-lookup.service.js';
import { PilotDeleteMetadata } from './gate-delete.schema.js';
import { confirmDeleteModal, countsLine, deletedCardMessage, resultModal } from './gate-delete.views.js';
import { PilotDeleteRepo } from './pilot-delete.repo.js';

const NOT_ADMIN =
  'Only gate admins can delete a pilot and its data. Gate admins are the user ids in GATE_ADMINS plus those added in `/gate settings`.';

const pilotData = new PilotDeleteRepo();

/** `/gate delete <pilot>`: gate admins get a confirmation naming what will be deleted; nothing is deleted yet. */
export const deleteCommand: GateCommandHandler = async ({
  arg,
  teamId,
  userId,
  channelId,
  triggerId,
  ack,
  client,
  deps,
}) => {
  if (!(await deps.isGateAdmin(teamId, userId))) {
    await ack({ response_type: 'ephemeral', text: NOT_ADMIN });
    return;
  }
  // Deleting is for good: the pilot must be named, never taken from the channel.
  if (!arg.trim()) {
    await ack({
      response_type: 'ephemeral',
      text: 'Name the pilot to delete: `/gate delete [pilot name]` (see `/gate list`).',
    });
    return;
  }
  const found = await lookupPilot(deps, { teamId, channelId, arg, sub: 'delete', userId });
  if (!found.ok) {
    await ack({ response_type: 'ephemeral', text: found.text });
    return;
  }
  const counts = await pilotData.count(teamId, found.pilot.id);
  await ack();
  await client.views.open({ trigger_id: triggerId, view: confirmDeleteModal(found.pilot, counts) });
};

export function registerPilotDeleteListeners(app: App, deps: Deps): void {
  app.view(Ids.lifecycle.deletePilotModal, async ({ ack, body, view }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const userId = body.user.id;
    const meta = decodeMetadata(PilotDeleteMetadata, view.private_metadata);
    if (!meta) {
      await ack({
        response_action: 'update',
        view: resultModal('This form is out of date; nothing was deleted. Run `/gate delete [pilot name]` again.'),
      });
      return;
    }
    if (!(await deps.isGateAdmin(teamId, userId))) {
      await ack({ response_action: 'update', view: resultModal(`${NOT_ADMIN} Nothing was deleted.`) });
      return;
    }
    try {
      const pilot = await deps.repos.pilots.byId(teamId, meta.pilotId);
      if (!pilot) {
        await ack({
          response_action: 'update',
          view: resultModal('That pilot is already gone; nothing more was deleted.'),
        });
        return;
      }
      // The record of the deletion is written first: a pilot is never gone without a trace. A delete cut
      // short after it leaves the pilot in place (it goes last), so running /gate delete again finishes it.
      const [planned, review] = await Promise.all([
        pilotData.count(teamId, pilot.id),
        deps.repos.reviews.byPilot(teamId, pilot.id),
      ]);
      await pilotData.ensureWorkspaceDocument(teamId);
      await deps.repos.audit.appendWorkspace({
        teamId,
        at: deps.clock.now(),
        actor: userId,
        type: 'pilot.deleted',
        subject: pilot.name,
        before: { pilotId: pilot.id, stage: pilot.stage, channelId: pilot.channelId },
        after: planned,
      });
      const deleted = await pilotData.delete(teamId, pilot.id);
      if (review?.card) {
        const card = deletedCardMessage(pilot.name, userId, deps.clock.now());
        await deps.notifier
          .update(teamId, review.card.channel, review.card.ts, card)
          .catch((err: unknown) =>
            deps.logger.warn({ err, teamId, pilotId: pilot.id }, 'deleted pilot: card not updated'),
          );
      }
      deps.logger.info({ teamId, by: userId, pilotId: pilot.id, deleted }, 'pilot deleted');
      await ack({
        response_action: 'update',
        view: resultModal(`Deleted *${escapeMrkdwn(pilot.name)}*: ${countsLine(deleted)}.`),
      });
    } catch (error) {
      const text = explainError(error, deps.logger, { teamId, pilotId: meta.pilotId });
      await ack({ response_action: 'update', view: resultModal(text) });
    }
  });
}
