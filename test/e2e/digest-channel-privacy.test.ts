import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../src/core/catalog.domain.js';
import { DigestRepo } from '../../src/features/digests/digest.repo.js';
import { PilotModel } from '../../src/features/pilots/pilot.model.js';
import { TEAM, useApp } from '../support/app-harness.js';

// A channel's privacy is the channel's: looked up from Slack once, it is stored on every pilot of that
// channel, so the next weekly digest asks Slack nothing (it used to ask again for each channel every run).
const NOW = new Date('2026-11-30T10:00:00Z');
const h = useApp({ now: NOW });

async function seedPilot(name: string, sponsor: string, channelId: string) {
  await PilotModel.create({
    teamId: TEAM,
    channelId,
    name,
    nameKey: name.toLowerCase(),
    plannedKpiValidationDate: '2027-12-31',
    stakeholders: {
      ...Object.fromEntries(ROLE_IDS.map((r) => [r, `U0${r.slice(0, 4).toUpperCase()}`])),
      executive_sponsor: sponsor,
    },
    createdBy: sponsor,
    stage: 'in_review',
  });
}

describe('digest and channel privacy', () => {
  it('asks Slack once per channel, stores it on every pilot there, and the next run asks nothing', async () => {
    h.sim.setChannel('C0PUBLIC1', { isPrivate: false });
    h.sim.setChannel('C0SECRET1', { isPrivate: true, members: [] });
    for (let k = 0; k < 3; k++) {
      await seedPilot(`Open ${k}`, 'U0SPONSOR1', 'C0PUBLIC1');
      await seedPilot(`Hidden ${k}`, 'U0SPONSOR2', 'C0SECRET1');
    }
    const { services, repos } = h.server.deps;
    const repo = new DigestRepo(repos);
    const occurrence = new Date('2026-11-30T09:00:00Z');
    const due = ['U0SPONSOR1', 'U0SPONSOR2'].map((sponsorId) => ({ sponsorId, occurrence, timeZone: 'UTC' }));
    h.sim.reset();

    const first = await services.digests.build(TEAM, await repo.pilotsOf(TEAM), due, NOW);
    expect(
      h.sim
        .callsTo('conversations.info')
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(['C0PUBLIC1', 'C0SECRET1']);
    const stored = await mongoose.connection
      .collection('pilots')
      .find({ teamId: TEAM }, { projection: { name: 1, channelPrivate: 1 } })
      .toArray();
    expect(Object.fromEntries(stored.map((p) => [p.name, p.channelPrivate]))).toEqual({
      'Open 0': false,
      'Open 1': false,
      'Open 2': false,
      'Hidden 0': true,
      'Hidden 1': true,
      'Hidden 2': true,
    });

    h.sim.reset();
    const second = await services.digests.build(TEAM, await repo.pilotsOf(TEAM), due, NOW);
    expect(h.sim.callsTo('conversations.info')).toEqual([]);
    // The same portfolios either way: the sponsor outside the private channel does not see its pilots.
    const totals = (built: typeof first) =>
      Object.fromEntries(built.map((b) => [b.sponsor.sponsorId, b.digest.portfolio.total]));
    expect(totals(second)).toEqual(totals(first));
    expect(totals(second)).toEqual({ U0SPONSOR1: 3, U0SPONSOR2: 6 });
  });
});
