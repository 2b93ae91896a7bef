import type { App } from '@slack/bolt';
import type { Deps } from '../../app/deps.js';
import { Ids } from '../../slack/ids.js';
import { channelIntro } from './first-run.views.js';

/**
 * The Home tab (published when opened and on Refresh) and the first-run message when PilotGate
 * joins a channel.
 */
export function registerHomeListeners(app: App, deps: Deps): void {
  app.event('app_home_opened', async ({ event, context }) => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? '';
    await deps.services.home
      .publish(teamId, event.user, { opened: true })
      .catch((err: unknown) => deps.logger.warn({ err, teamId, userId: event.user }, 'could not publish the Home tab'));
  });

  app.action(Ids.home.refresh, async ({ ack, body, context }) => {
    await ack();
    const teamId = context.teamId ?? body.team?.id ?? '';
    await deps.services.home
      .publish(teamId, body.user.id)
      .catch((err: unknown) => deps.logger.warn({ err, teamId }, 'could not refresh the Home tab'));
  });

  app.event('member_joined_channel', async ({ event, context }) => {
    // Only PilotGate's own arrival; people joining the channel hear nothing from us.
    if (!context.botUserId || event.user !== context.botUserId) return;
    const teamId = context.teamId ?? event.team;
    await deps.repos.deliveries
      .once(`intro:${teamId}:${event.channel}`, teamId, deps.clock.now(), () =>
        deps.notifier.post(teamId, event.channel, channelIntro()),
      )
      .catch((err: unknown) => deps.logger.warn({ err, teamId, channel: event.channel }, 'could not post the intro'));
  });
}
