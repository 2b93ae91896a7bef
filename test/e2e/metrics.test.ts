import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { eventually, TEAM, useApp } from '../support/app-harness.js';
import { CHANNEL, registerPilot } from '../support/flows/register.js';

const TOKEN = 'metrics-scrape-token-0123';
const h = useApp({ env: { METRICS: 'on', METRICS_TOKEN: TOKEN } });

async function scrape(token = TOKEN): Promise<Response> {
  return fetch(`http://127.0.0.1:${h.server.port}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** The value of one sample line (`name{labels} value`), 0 when the series is not there yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('GET /metrics (METRICS=on)', () => {
  it('refuses a scrape without the bearer token', async () => {
    expect((await scrape('')).status).toBe(401);
    expect((await scrape('wrong-token')).status).toBe(401);
  });

  it('counts acks per surface, Slack calls by method and outcome, jobs and deliveries after a flow', async () => {
    const before = await (await scrape()).text();
    expect((await registerPilot(h)).status).toBe(200);
    await eventually(() => h.sim.lastMessageIn(CHANNEL));
    // The review's invites are deliveries too: one per stakeholder, once all of them are out.
    const pilot = await mongoose.connection.collection('pilots').findOne({ teamId: TEAM });
    const invitees = new Set(Object.values((pilot?.stakeholders ?? {}) as Record<string, string>)).size;
    const invitesSent = () =>
      mongoose.connection.collection('deliveries').countDocuments({ key: /^invite:/, state: 'sent' });
    await eventually(async () => (await invitesSent()) === invitees);
    // One failed call and one 429 that is retried.
    h.sim.inject('chat.postEphemeral', { error: 'channel_not_found' });
    h.sim.inject('users.info', { retryAfter: 0.05 });
    const client = await h.server.deps.clients.forTeam(TEAM);
    await expect(client.chat.postEphemeral({ channel: 'C0NOPE', user: 'U0X', text: 'x' })).rejects.toThrow();
    await client.users.info({ user: 'U0SPONSOR' }).catch(() => undefined);
    await h.server.jobs.runNow('nudges.sweep');
    const deliveries = h.server.deps.repos.deliveries;
    const send = async () => ({ channel: 'D0X', ts: '1.1' });
    await deliveries.once('metrics-test-1', TEAM, h.clock.now(), send);
    await deliveries.once('metrics-test-1', TEAM, h.clock.now(), send);
    await expect(
      deliveries.once('metrics-test-2', TEAM, h.clock.now(), async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const after = await res.text();
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('pilotgate_ack_seconds_count{surface="command"}')).toBeGreaterThanOrEqual(1);
    expect(moved('pilotgate_ack_seconds_count{surface="view_submission"}')).toBeGreaterThanOrEqual(1);
    expect(moved('pilotgate_slack_api_calls_total{method="chat.postMessage",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    // The registration modal is opened by the listener's own client (Bolt's).
    expect(moved('pilotgate_slack_api_calls_total{method="views.open",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(moved('pilotgate_slack_api_calls_total{method="chat.postEphemeral",outcome="channel_not_found"}')).toBe(1);
    expect(moved('pilotgate_slack_api_calls_total{method="users.info",outcome="rate_limited_retried"}')).toBe(1);
    expect(moved('pilotgate_job_runs_total{job="nudges.sweep",outcome="ok"}')).toBe(1);
    expect(moved('pilotgate_job_duration_seconds_count{job="nudges.sweep"}')).toBe(1);
    expect(moved('pilotgate_deliveries_total{outcome="sent"}')).toBe(1 + invitees);
    expect(moved('pilotgate_deliveries_total{outcome="duplicate_prevented"}')).toBe(1);
    expect(moved('pilotgate_deliveries_total{outcome="failed"}')).toBe(1);
    expect(after).toContain('# TYPE pilotgate_database_errors_total counter');
  });
});
