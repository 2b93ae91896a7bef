import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { Logger } from '../shared/logger.js';

type AckFn = (response?: unknown) => Promise<void>;

/**
 * Global middleware that acknowledges any request no listener acknowledged: an unknown action or
 * callback id, a stale button from an old message, a listener that failed before its ack. Without
 * it Bolt leaves Slack waiting three seconds and answers 404, and the person sees a spinner.
 */
export function ackFallback(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const holder = args as unknown as { ack?: AckFn };
    const original = holder.ack;
    if (!original) {
      await args.next();
      return;
    }
    let acked = false;
    holder.ack = async (response?: unknown) => {
      acked = true;
      await original(response);
    };
    try {
      await args.next();
    } finally {
      if (!acked) {
        const body = args.body as { type?: string; callback_id?: string; view?: { callback_id?: string } };
        logger.warn(
          { type: body.type, callbackId: body.view?.callback_id ?? body.callback_id },
          'no listener acknowledged; acked by fallback',
        );
        await original().catch(() => undefined);
      }
    }
  };
}

export function installAckFallback(app: App, logger: Logger): void {
  app.use(ackFallback(logger));
}
