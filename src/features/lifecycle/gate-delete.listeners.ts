import type { App } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { onViewSubmission, submitterOf, type ViewArgs } from '../../slack/pipeline/view-submission.js';
import { decodeMetadata } from '../../slack/private-metadata.js';
import { lookupPilot, type PilotLookupDeps } from '../commands/pilot-lookup.service.js';
import { PilotDeleteMetadata } from './gate-delete.schema.js';
import { confirmDeleteModal, countsLine, resultModal } from './gate-delete.views.js';
import type { PilotDeleteService, PilotDeletion } from './pilot-delete.service.js';

/** What `/gate delete` and its confirmation use. */
export interface PilotDeleteListenerDeps {
  pilotDelete: PilotDeleteService;
  lookup: PilotLookupDeps;
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
  logger: Logger;
}

const NOT_ADMIN =
  'Only gate admins can delete a pilot and its data. Gate admins are the user ids in GATE_ADMINS plus those added in `/gate settings`.';

/** `/gate delete <pilot>`: gate admins get a confirmation naming what will be deleted; nothing is deleted yet. */
export const deleteCommand =
  (deps: PilotDeleteListenerDeps): GateCommandHandler =>
  async ({ arg, teamId, userId, channelId, triggerId, ack, client }) => {
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
    const found = await lookupPilot(deps.lookup, { teamId, channelId, arg, sub: 'delete', userId });
    if (!found.ok) {
      await ack({ response_type: 'ephemeral', text: found.text });
      return;
    }
    const counts = await deps.pilotDelete.count(teamId, found.pilot.id);
    await ack();
    await client.views.open({ trigger_id: triggerId, view: confirmDeleteModal(found.pilot, counts) });
  };

const shown = (text: string) => ({ response_action: 'update' as const, view: resultModal(text) });

export function registerPilotDeleteListeners(app: App, deps: PilotDeleteListenerDeps): void {
  app.view(
    Ids.lifecycle.deletePilotModal,
    onViewSubmission(deps.logger, {
      flow: 'pilot-delete',
      async parse({ body, view }: ViewArgs) {
        const { teamId, userId } = submitterOf(body);
        const meta = decodeMetadata(PilotDeleteMetadata, view.private_metadata);
        if (!meta) {
          return {
            ok: false as const,
            ack: shown('This form is out of date; nothing was deleted. Run `/gate delete [pilot name]` again.'),
          };
        }
        if (!(await deps.isGateAdmin(teamId, userId))) {
          return { ok: false as const, ack: shown(`${NOT_ADMIN} Nothing was deleted.`) };
        }
        return { ok: true as const, input: { teamId, userId, pilotId: meta.pilotId } };
      },
      run: ({ teamId, userId, pilotId }: { teamId: string; userId: string; pilotId: string }) =>
        deps.pilotDelete.delete(teamId, userId, pilotId),
      render: (outcome: PilotDeletion) =>
        outcome.kind === 'gone'
          ? shown('That pilot is already gone; nothing more was deleted.')
          : shown(`Deleted *${escapeMrkdwn(outcome.pilot.name)}*: ${countsLine(outcome.deleted)}.`),
      errors: (_error: unknown, text: () => string) => shown(text()),
    }),
  );
}
