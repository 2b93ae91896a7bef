import mongoose from 'mongoose';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { eventually, TEAM, useApp } from '../support/app-harness.js';
import { CHANNEL, registerPilot } from '../support/flows/register.js';

const DAY = 24 * 60 * 60 * 1000;
const OTHER_TEAM = 'T0OTHERTEAM';
/** What the app logs at info and above: the purge reports what it deleted. */
const lines: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
const h = useApp({ now: new Date('2026-11-01T12:00:00Z'), env: { UNINSTALL_RETENTION: '30d' }, logger });
const col = (name: string) => mongoose.connection.collection(name);
const lifecycle = () => col('workspace_lifecycle').findOne({ teamId: TEAM });
const uninstall = () => h.slack.event({ teamId: TEAM, event: { type: 'app_uninstalled' } });
const teamCounts = async (teamId: string) => ({
  pilots: await col('pilots').countDocuments({ teamId }),
  reviews: await col('reviews').countDocuments({ teamId }),
  audit_events: await col('audit_events').countDocuments({ teamId }),
});

describe('an uninstalled workspace’s data (UNINSTALL_RETENTION)', () => {
  it('is kept at uninstall, and its deletion is scheduled for the end of the retention', async () => {
    expect((await registerPilot(h)).status).toBe(200);
    await eventually(() => h.sim.lastMessageIn(CHANNEL));
    await col('pilots').insertOne({ teamId: OTHER_TEAM, name: 'Elsewhere', nameKey: 'elsewhere' });
    expect((await uninstall()).status).toBe(200);
    const record = await eventually(lifecycle);
    expect(record).toMatchObject({ state: 'uninstalled', uninstalledAt: h.clock.now() });
    expect(record.purgeAfter).toEqual(new Date(h.clock.now().getTime() + 30 * DAY));
    const job = await eventually(() => col('agendaJobs').findOne({ name: 'workspace.purge', 'data.teamId': TEAM }));
    expect(job.nextRunAt).toEqual(record.purgeAfter);
    expect(await teamCounts(TEAM)).toMatchObject({ pilots: 1, reviews: 1 });
  });

  it('a reinstall inside the window keeps everything', async () => {
    h.clock.advance(10 * DAY);
    // A request authorized in the workspace again: PilotGate is installed there once more.
    expect((await h.slack.command({ text: 'list', userId: 'U0SPONSOR', channelId: CHANNEL })).status).toBe(200);
    await eventually(async () => (await lifecycle()) === null);
    h.clock.advance(25 * DAY);
    const before = await teamCounts(TEAM);
    await h.server.jobs.runNow('workspace.purge', { teamId: TEAM });
    await h.server.jobs.runNow('workspace.purge-sweep');
    expect(await teamCounts(TEAM)).toEqual(before);
    expect(before.audit_events).toBeGreaterThan(0);
  });

  it('after the retention, deletes that workspace’s data and no other’s', async () => {
    expect((await uninstall()).status).toBe(200);
    await eventually(lifecycle);
    h.clock.advance(29 * DAY);
    await h.server.jobs.runNow('workspace.purge-sweep');
    expect((await teamCounts(TEAM)).pilots).toBe(1);
    h.clock.advance(2 * DAY);
    lines.length = 0;
    await h.server.jobs.runNow('workspace.purge-sweep');
    const logged = lines.find((l) => l.msg === 'uninstalled workspace data deleted');
    expect(logged).toMatchObject({ teamId: TEAM, counts: { pilots: 1, reviews: 1, workspace_lifecycle: 1 } });
    expect(await teamCounts(TEAM)).toEqual({ pilots: 0, reviews: 0, audit_events: 0 });
    expect(await col('answers').countDocuments({ teamId: TEAM })).toBe(0);
    expect(await lifecycle()).toBeNull();
    expect(await col('pilots').countDocuments({ teamId: OTHER_TEAM })).toBe(1);
  });
});
