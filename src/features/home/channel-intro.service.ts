import type { Clock } from '../../shared/clock.js';
import type { Notifier } from '../../slack/notifier.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import { channelIntro } from './first-run.views.js';

/** The first-run message when PilotGate joins a channel: posted once per channel, whoever hears the event. */
export class ChannelIntroService {
  constructor(
    private readonly d: { deliveries: Pick<DeliveryStore, 'once'>; notifier: Pick<Notifier, 'post'>; clock: Clock },
  ) {}

  async introduce(teamId: string, channel: string): Promise<void> {
    await this.d.deliveries.once(`intro:${teamId}:${channel}`, teamId, this.d.clock.now(), () =>
      this.d.notifier.post(teamId, channel, channelIntro()),
    );
  }
}
