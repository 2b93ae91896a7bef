import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { useApp } from '../support/app-harness.js';
import { newReview } from '../support/flows/decide.js';

// Wednesday; the default digestCron "0 9 * * 1" next fires on Monday 30 Nov, 09:00 in each sponsor's zone.
const START = new Date('2026-11-25T12:00:00Z');
const h = useApp({ now: START });
const team = () => h.sim.team.id;
const digestsTo = (user: string) => h.sim.dmsTo(user).filter((m) => m.text.startsWith('Your weekly PilotGate digest'));
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function twoPilots(sponsor: string, suffix: string) {
  h.sim.setUser(sponsor, { tz: 'Europe/Berlin' });
  const stakeholders = { executive_sponsor: sponsor };
  await newReview(h, `Invoice triage assistant ${suffix}`, { stakeholders });
  await newReview(h, `Claims summariser ${suffix}`, { stakeholders });
  h.clock.set(new Date('2026-11-30T08:02:00Z'));
}

describe('portfolio chart under the weekly digest', () => {
  it('uploads the chart as a PNG into the sponsor’s DM right after the digest, the text staying the summary', async () => {
    await twoPilots('U0SPONSOR', 'A');
    const summary = await h.server.deps.services.digests.runAll(h.clock.now());
    expect(summary).toMatchObject({ sent: 1, failed: 0, chartsFailed: 0 });
    const [digest] = digestsTo('U0SPONSOR');
    expect(digest).toBeDefined();
    const [file, ...more] = h.sim.uploadedFiles;
    expect(more).toEqual([]);
    expect(file?.filename).toBe('pilotgate-portfolio.png');
    expect([...(file?.bytes.subarray(0, 8) ?? [])]).toEqual(PNG_SIGNATURE);
    expect(file?.channelId).toBe(digest?.channel);
    // Message first, then the chart.
    // (Other posts, such as a card still being refreshed after registration, may land in between.)
    const methods = h.sim.calls.map((c) => c.method);
    const digestPost = h.sim.calls.findIndex(
      (c) => c.method === 'chat.postMessage' && c.args.channel === digest?.channel,
    );
    expect(digestPost).toBeGreaterThanOrEqual(0);
    expect(methods.indexOf('files.getUploadURLExternal')).toBeGreaterThan(digestPost);
    expect(methods.indexOf('files.completeUploadExternal')).toBeGreaterThan(
      methods.indexOf('files.getUploadURLExternal'),
    );
    const upload = h.sim.callsTo('files.getUploadURLExternal').at(-1)?.args;
    expect(String(upload?.alt_text)).toContain('Invoice triage assistant A');
    expect(String(upload?.alt_text)).toContain('Pilots per stage: Registered 0, In review 2');
    expect(h.sim.violations).toEqual([]);
  });

  it('keeps the digest when the chart upload fails, and logs and counts the failure', async () => {
    await twoPilots('U0SPONSOR2', 'B');
    h.sim.inject('files.completeUploadExternal', { error: 'internal_error', times: 5 });
    const summary = await h.server.deps.services.digests.runAll(h.clock.now());
    expect(summary).toMatchObject({ sent: 1, failed: 0, chartsFailed: 1 });
    expect(digestsTo('U0SPONSOR2')).toHaveLength(1);
    expect(h.sim.uploadedFiles).toEqual([]);
    // The digest is not sent again for a lost chart.
    const again = await h.server.deps.services.digests.runAll(h.clock.now());
    expect(again).toMatchObject({ sent: 0, due: 0 });
    expect(digestsTo('U0SPONSOR2')).toHaveLength(1);
  });

  it('counts days in the current stage from the stage move', async () => {
    await newReview(h, 'Demand forecast');
    const id = String(
      (await mongoose.connection.collection('pilots').findOne({ teamId: team(), nameKey: 'demand forecast' }))?._id,
    );
    const before = Date.now();
    const moved = await h.server.deps.repos.pilots.setStage(team(), id, 'in_review', 'pre_production');
    expect(moved?.stageSince?.getTime()).toBeGreaterThanOrEqual(before);
  });
});
