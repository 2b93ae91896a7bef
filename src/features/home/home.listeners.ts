import type { App } from '@slack/bolt';
import type { Logger } from '../../shared/logger.js';
import { Ids } from '../../slack/ids.js';
import { onAction } from '../../slack/pipeline/action.js';
import { orElse } from '../../slack/pipeline/follow-up.js';
import type { ChannelIntroService } from './channel-intro.service.js';
import type { HomeService } from './home.service.js';

/** What the Home tab and the channel intro use. */
export interface HomeListenerDeps {
  home: Pick<HomeService, 'publish'>;
  intro: Pick<ChannelIntroService, 'introduce'>;
  logger: Logger;
}

/**
 * The Home tab (published when opened and on Refresh) and the first-run message when PilotGate
 * joins a channel. Each is a courtesy: a failure is logged and the next event tries again.
 */
export function registerHomeListeners(app: App, deps: HomeListenerDeps): void {
  app.event('app_home_opened', async ({ event, context }) => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? '';
    await orElse(
      deps.logger,
      { teamId, userId: event.user, flow: 'home-opened' },
      'could not publish the Home tab',
      () => deps.home.publish(teamId, event.user, { opened: true }),
      undefined,
    );
  });

  app.action(
    Ids.home.refresh,
    onAction(deps.logger, {
      flow: 'home-refresh',
      async handle({ body, context }) {
        const teamId = context.teamId ?? body.team?.id ?? '';
        await orElse(
          deps.logger,
          { teamId, flow: 'home-refresh' },
          'could not refresh the Home tab',
          () => deps.home.publish(teamId, body.user.id),
          undefined,
        );
      },
    }),
  );

  app.event('member_joined_channel', async ({ event, context }) => {
    // Only PilotGate's own arrival; people joining the channel hear nothing from us.
    if (!context.botUserId || event.user !== context.botUserId) return;
    const teamId = context.teamId ?? event.team;
    await orElse(
      deps.logger,
      { teamId, channel: event.channel, flow: 'channel-intro' },
      'could not post the intro',
      () => deps.intro.introduce(teamId, event.channel),
      undefined,
    );
  });
}
