import { Writable } from 'node:stream';
import { createLogger } from '../../../../src/shared/logger.js';

/** A real logger whose lines land in `lines`, parsed. */
export function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger('debug', {}, stream), lines };
}

/** Bolt's listener arguments for a view submission or a block action, with only what the wrappers read. */
export function fakeArgs<T>(extra: Record<string, unknown> = {}) {
  const acks: unknown[] = [];
  const args = {
    ack: async (response?: unknown) => {
      acks.push(response);
    },
    body: { type: 'view_submission', team: { id: 'T1' }, user: { id: 'U1', team_id: 'T1' } },
    view: { private_metadata: '', state: { values: {} } },
    ...extra,
  };
  return { args: args as unknown as T, acks };
}
