import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../shared/logger.js';

/**
 * Acknowledges any request that no listener acknowledged: an unknown action or callback id, a stale
 * button from an old message, a payload type Bolt does not route, a listener that failed before its
 * ack. Without it Bolt leaves Slack waiting three seconds and then answers 404, and the person sees a
 * spinner and an error. It wraps `processEvent` (the public entry every receiver calls) because
 * global middleware only sees a copy of the listener arguments.
 */
export function installAckFallback(app: App, logger: Logger): void {
  const process = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    let acked = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      acked = true;
      // When the listener was slower than Slack's 3 s, the receiver has already answered (404) and this
      // ack throws. The work after the ack (refreshing the card after a saved answer …) must still run,
      // so a late ack is logged, not thrown into the listener.
      await event.ack(response).catch((err: unknown) => {
        const type = (event.body as { type?: string }).type;
        logger.warn({ err, type }, 'acknowledged too late for Slack; carrying on with the work after the ack');
      });
    };
    try {
      await process({ ...event, ack });
    } finally {
      if (!acked) {
        const body = event.body as {
          type?: string;
          view?: { callback_id?: string };
          actions?: { action_id?: string }[];
        };
        logger.warn(
          { type: body.type, callbackId: body.view?.callback_id, actionId: body.actions?.[0]?.action_id },
          'no listener acknowledged this request; acknowledged by the fallback',
        );
        // Throws only when the receiver has already answered Slack (after its 3 s): nothing left to do but say so.
        await event
          .ack()
          .catch((err: unknown) => logger.warn({ err, type: body.type }, 'fallback acknowledgement failed'));
      }
    }
  };
}
