import { describe, expect, it } from 'vitest';
import { maxDelayCausedMs, workspaceFloorMs } from '../../../scripts/bench/fanout-workspaces.js';
import type { RecordedCall } from '../../support/slack-simulator.js';

const call = (method: string, token: string, at: number, status = 200): RecordedCall => ({
  method,
  token,
  at,
  status,
  args: {},
  response: {},
});

describe('fanout-workspaces benchmark figures', () => {
  it('a workspace within its bursts has no rate floor but its Retry-After; past them, the Tier 3 refill', () => {
    expect(workspaceFloorMs(25)).toBe(0);
    expect(workspaceFloorMs(25, 2000)).toBe(2000);
    // 100 conversations.open at 1/60: 50 in the burst, then 50 per second.
    expect(workspaceFloorMs(100)).toBe(1000);
  });

  it('counts the pause in other workspaces’ sends while a 429’d one waits', () => {
    const limited = new Set(['xoxb-a']);
    const serial = [
      call('chat.postMessage', 'xoxb-b', 0),
      call('conversations.open', 'xoxb-a', 10, 429),
      call('conversations.open', 'xoxb-a', 2010),
      call('chat.postMessage', 'xoxb-a', 2012),
      call('chat.postMessage', 'xoxb-b', 2020),
    ];
    expect(maxDelayCausedMs(serial, limited)).toBe(2000);
    const sideBySide = [
      call('conversations.open', 'xoxb-a', 10, 429),
      ...Array.from({ length: 40 }, (_x, i) => call('chat.postMessage', 'xoxb-b', 15 + i * 50)),
      call('conversations.open', 'xoxb-a', 2010),
      call('chat.postMessage', 'xoxb-b', 2030),
    ];
    expect(maxDelayCausedMs(sideBySide, limited)).toBe(50);
  });
});
