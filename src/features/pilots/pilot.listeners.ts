import type { App } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { isDomainError } from '../../shared/errors.js';
import { localDay } from '../../shared/time.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { decodeMetadata, encodeMetadata } from '../../slack/private-metadata.js';
import { explainError } from '../../slack/respond-error.js';
import { RegistrationField } from './pilot.domain.js';
import { RegisterMetadata } from './pilot.schema.js';
import { readRegistrationState, ViewStateValues } from './pilot.state.js';
import { registrationModal } from './pilot.views.js';

/** `/gate start [name]`: the registration modal, with the name from the command text. */
export const startCommand: GateCommandHandler = async ({ arg, ack, client, triggerId, channelId }) => {
  await ack();
  await client.views.open({
    trigger_id: triggerId,
    view: registrationModal({ name: arg.slice(0, 80) }, encodeMetadata(RegisterMetadata, { channelId })),
  });
};

export function registerPilotListeners(app: App, deps: Deps): void {
  app.view(Ids.pilot.registerModal, async ({ ack, body, view }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const userId = body.user.id;
    const meta = decodeMetadata(RegisterMetadata, view.private_metadata);
    const values = ViewStateValues.safeParse(view.state.values);
    if (!meta || !values.success) {
      await ack({
        response_action: 'errors',
        errors: { [RegistrationField.name]: 'This form is out of date; close it and run /gate start again' },
      });
      return;
    }
    const draft = readRegistrationState(values.data);
    let pilot: Awaited<ReturnType<typeof deps.services.pilots.register>>;
    try {
      const profile = await deps.notifier.userProfile(teamId, userId).catch(() => ({ tz: 'UTC' }));
      pilot = await deps.services.pilots.register({
        teamId,
        ...(body.enterprise?.id ? { enterpriseId: body.enterprise.id } : {}),
        channelId: meta.channelId,
        userId,
        draft,
        today: localDay(deps.clock.now(), profile.tz),
      });
    } catch (error) {
      // Keep the modal open with everything typed; say what to fix on the field, or why saving failed.
      const errors =
        isDomainError(error) && Object.keys(error.fieldErrors).length > 0
          ? error.fieldErrors
          : { [RegistrationField.name]: explainError(error, deps.logger, { teamId, flow: 'register' }).slice(0, 150) };
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    try {
      await deps.services.reviews.open(pilot, userId);
    } catch (error) {
      const text = explainError(error, deps.logger, { teamId, pilotId: pilot.id, flow: 'open-review' });
      await deps.notifier
        .dm(teamId, userId, {
          text: `*${escapeMrkdwn(pilot.name)}* is registered, but I could not post its review card in <#${pilot.channelId}>: ${text} If the channel is private, invite me with \`/invite @PilotGate\`, then run \`/gate status ${escapeMrkdwn(pilot.name)}\`.`,
        })
        .catch(() => undefined);
    }
    // Private channels keep their pilots private (pilot-visibility.policy.ts); a failed look-up is retried on use.
    await deps.services.audience.session(teamId).isPrivate(pilot);
  });
}
