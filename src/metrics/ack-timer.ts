import type { App, ReceiverEvent } from '@slack/bolt';
import type { AckSurface, Metrics } from './metrics.js';

/** The surface of a Slack request, from its payload type. */
export function ackSurface(body: Record<string, unknown>): AckSurface {
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
      return 'view_submission';
    case 'view_closed':
      return 'view_closed';
    case 'block_suggestion':
      return 'options';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    default:
      return 'event';
  }
}

/**
 * Times each request until its ack. It wraps `processEvent` (the entry every receiver calls), as
 * ack-fallback.ts does, because global middleware only sees a copy of the listener arguments.
 * Install it after the fallback so that the fallback's own acks are timed too.
 */
export function installAckTimer(app: App, metrics: Metrics): void {
  const process = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const started = performance.now();
    let timed = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      if (!timed) {
        timed = true;
        metrics.ackObserved(ackSurface(event.body as Record<string, unknown>), (performance.now() - started) / 1000);
      }
      await event.ack(response);
    };
    await process({ ...event, ack });
  };
}
