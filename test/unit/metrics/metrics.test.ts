import { describe, expect, it } from 'vitest';
import { ackSurface } from '../../../src/metrics/ack-timer.js';
import { Metrics } from '../../../src/metrics/metrics.js';
import { callOutcome } from '../../../src/slack/retry-after-client.js';

describe('metrics', () => {
  it('names the surface of each Slack payload', () => {
    expect(ackSurface({ command: '/gate' })).toBe('command');
    expect(ackSurface({ type: 'block_actions' })).toBe('action');
    expect(ackSurface({ type: 'view_submission' })).toBe('view_submission');
    expect(ackSurface({ type: 'event_callback' })).toBe('event');
  });

  it('names a failed call by Slack’s error code, else the client’s', () => {
    expect(callOutcome({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } })).toBe(
      'channel_not_found',
    );
    expect(callOutcome({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 })).toBe('rate_limited');
    expect(callOutcome({ code: 'slack_webapi_request_error' })).toBe('slack_webapi_request_error');
    expect(callOutcome(new Error('x'))).toBe('unknown_error');
  });

  it('keeps each instance’s counts apart and reports the embedded database going down', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.databaseError('heartbeat_failed');
    let up = true;
    a.watchEmbeddedDatabase(async () => up);
    expect(await a.text()).toContain('pilotgate_database_errors_total{kind="heartbeat_failed"} 1');
    expect(await a.text()).toContain('pilotgate_embedded_database_up 1');
    up = false;
    expect(await a.text()).toContain('pilotgate_embedded_database_up 0');
    expect(await b.text()).not.toContain('kind="heartbeat_failed"');
    expect(await b.text()).not.toContain('pilotgate_embedded_database_up');
  });

  it('counts a failed job and passes its error on', async () => {
    const m = new Metrics();
    await expect(m.timeJob('x.job', async () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    expect(await m.text()).toContain('pilotgate_job_runs_total{job="x.job",outcome="failed"} 1');
  });
});
