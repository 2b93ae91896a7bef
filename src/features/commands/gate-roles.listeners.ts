import { escapeMrkdwn } from '../../slack/blocks.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { roleChangeView } from '../reviews/role-change.listeners.js';
import type { RoleChangeService } from '../reviews/role-change.service.js';
import type { PilotLookupDeps } from './pilot-lookup.service.js';
import { lookupPilot } from './pilot-lookup.service.js';

/** What `/gate roles` uses: the pilot lookup, and the role change that says who may and what the modal shows. */
export interface RolesCommandDeps {
  lookup: PilotLookupDeps;
  roleChanges: Pick<RoleChangeService, 'prepare'>;
}

/**
 * `/gate roles [pilot]`: the roles modal *Change roles* opens, for the executive sponsor or a gate admin;
 * anyone else is told who can (the command's error path words the service's refusal).
 */
export const rolesCommand =
  (deps: RolesCommandDeps): GateCommandHandler =>
  async ({ arg, teamId, userId, channelId, triggerId, ack, respond, client }) => {
    await ack();
    const found = await lookupPilot(deps.lookup, { teamId, channelId, arg, sub: 'roles', userId });
    if (!found.ok || !found.review) {
      const text = found.ok
        ? `*${escapeMrkdwn(found.pilot.name)}* is registered but its review has not opened yet; try again in a minute.`
        : found.text;
      await respond({ response_type: 'ephemeral', text });
      return;
    }
    const opening = await deps.roleChanges.prepare(teamId, found.review.id, userId);
    await client.views.open({ trigger_id: triggerId, view: roleChangeView(opening) });
  };
