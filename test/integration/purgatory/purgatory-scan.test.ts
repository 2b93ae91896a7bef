import mongoose from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Cadence } from '../../../src/config/settings.js';
import { ROLE_IDS, SIGNAL_IDS } from '../../../src/core/catalog.domain.js';
import { DeliveryRepo } from '../../../src/features/delivery/delivery.repo.js';
import { PilotModel } from '../../../src/features/pilots/pilot.model.js';
import { PilotRepo } from '../../../src/features/pilots/pilot.repo.js';
import { bucketForDay, SCAN_BUCKETS } from '../../../src/features/pilots/scan-schedule.domain.js';
import { PurgatoryRepo } from '../../../src/features/purgatory/purgatory.repo.js';
import { PurgatoryService } from '../../../src/features/purgatory/purgatory.service.js';
import { PlanItemRepo } from '../../../src/features/reviews/plan-item.repo.js';
import { PlanItemModel, ReviewModel } from '../../../src/features/reviews/review.model.js';
import { ReviewRepo } from '../../../src/features/reviews/review.repo.js';
import { createLogger } from '../../../src/shared/logger.js';
import type { OutgoingMessage } from '../../../src/slack/notifier.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const DAY = 86_400_000;
const T0 = new Date('2026-01-01T12:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const cadence = {
  staleAfterMs: 14 * DAY,
  purgatoryWarnAfterMs: 90 * DAY,
  purgatoryAfterMs: 180 * DAY,
} as Cadence;

const pilots = new PilotRepo();
// The owners of the collections the scan reads.
const planItems = new PlanItemRepo();
const owners = { pilots, reviews: new ReviewRepo(planItems), planItems };

function harness(c: Cadence = cadence) {
  const posts: { teamId: string; channel: string; msg: OutgoingMessage }[] = [];
  const dms: { teamId: string; userId: string; msg: OutgoingMessage }[] = [];
  const refreshed: string[] = [];
  const service = new PurgatoryService(
    {
      notifier: {
        post: async (teamId, channel, msg) => {
          posts.push({ teamId, channel, msg });
          return { channel, ts: `${posts.length}.0001` };
        },
        dm: async (teamId, userId, msg) => {
          dms.push({ teamId, userId, msg });
          return { channel: `D${userId}`, ts: `${dms.length}.0002` };
        },
      },
      logger: createLogger('silent'),
      cadenceFor: async () => c,
      repos: { deliveries: new DeliveryRepo(), ...owners },
      services: { reviews: { refreshCard: async (_t, reviewId) => void refreshed.push(reviewId) } },
      isInstalled: async () => true,
    },
    new PurgatoryRepo(owners),
  );
  return { service, posts, dms, refreshed };
}

let seq = 0;
async function seedPilot(opts: {
  name?: string;
  team?: string;
  stage?: string;
  kpi?: string;
  activity?: Date;
  planned?: string;
  items?: string[];
}) {
  seq++;
  const teamId = opts.team ?? 'T1';
  const pilot = await PilotModel.create({
    teamId,
    channelId: 'C1',
    name: opts.name ?? `Pilot ${seq}`,
    nameKey: (opts.name ?? `Pilot ${seq}`).toLowerCase(),
    plannedKpiValidationDate: opts.planned ?? '2027-12-31',
    stakeholders: Object.fromEntries(ROLE_IDS.map((r) => [r, `U${r.length}`])),
    createdBy: 'U1',
    stage: opts.stage ?? 'in_review',
  });
  const pilotId = String(pilot._id);
  const review = await ReviewModel.create({
    teamId,
    pilotId,
    manifestVersion: 'v1',
    statuses: SIGNAL_IDS.map((signal) => ({
      signal,
      status: signal === 'kpi_validation' ? (opts.kpi ?? 'pending') : 'confirmed',
      reasons: [],
      awaiting: [],
    })),
    answeredRoles: [...ROLE_IDS],
    openedAt: T0,
    lastActivityAt: opts.activity ?? T0,
  });
  for (const dueDate of opts.items ?? []) {
    await PlanItemModel.create({
      teamId,
      reviewId: String(review._id),
      pilotId,
      round: 1,
      signal: 'governance',
      action: 'Fix',
      ownerId: 'U1',
      dueDate,
    });
  }
  return { pilotId, reviewId: String(review._id) };
}

const pilotDoc = (pilotId: string) =>
  mongoose.connection.collection('pilots').findOne({ _id: new mongoose.Types.ObjectId(pilotId) });
const flagsOf = async (pilotId: string) => (await pilotDoc(pilotId))?.flags.map((f: { kind: string }) => f.kind);

describe('purgatory scan against the database', () => {
  beforeEach(async () => {
    await resetDatabase();
  });

  it('sets each flag, writes only changed pilots, and clears flags once the cause is gone', async () => {
    const { service } = harness();
    const promising = await seedPilot({ kpi: 'confirmed', activity: T0 });
    const stale = await seedPilot({ activity: T0 });
    const overrunning = await seedPilot({ planned: '2026-01-10', activity: at(20) });
    const overdue = await seedPilot({ stage: 'pre_production', items: ['2026-01-15'], activity: at(20) });
    const quiet = await seedPilot({ activity: at(20) });

    const first = await service.scanAll(at(20));
    expect(first).toMatchObject({ pilots: 5, changed: 4, failed: 0 });
    expect(await flagsOf(promising.pilotId)).toEqual(['stale']);
    expect(await flagsOf(stale.pilotId)).toEqual(['stale']);
    expect(await flagsOf(overrunning.pilotId)).toEqual(['overrunning']);
    expect(await flagsOf(overdue.pilotId)).toEqual(['overdue']);
    expect(await flagsOf(quiet.pilotId)).toEqual([]);
    // KPIs confirmed: the scan recorded when the pilot became promising.
    expect((await pilotDoc(promising.pilotId))?.promisingAt).toEqual(T0);

    // A second scan the same day changes nothing, so it writes nothing.
    expect((await service.scanAll(at(20))).changed).toBe(0);

    // Changes as the app makes them: the card refresh after each marks its pilot; a stage change marks itself.
    await ReviewModel.updateOne({ pilotId: stale.pilotId }, { $set: { lastActivityAt: at(21) } });
    await pilots.markForScan('T1', stale.pilotId, at(21));
    await PlanItemModel.updateMany({ pilotId: overdue.pilotId }, { $set: { doneAt: at(21) } });
    await pilots.markForScan('T1', overdue.pilotId, at(21));
    await pilots.setStage('T1', overrunning.pilotId, 'in_review', 'terminated');
    await service.scanAll(at(22));
    expect(await flagsOf(stale.pilotId)).toEqual([]);
    expect(await flagsOf(overdue.pilotId)).toEqual([]);
    expect(await flagsOf(overrunning.pilotId)).toEqual([]);
  });

  it('alerts once per crossing, sets the decision date in purgatory, and keeps workspaces apart', async () => {
    const { service, posts, dms, refreshed } = harness();
    const a = await seedPilot({ name: 'Pilot A', kpi: 'confirmed', activity: T0 });
    const b = await seedPilot({ name: 'Pilot B', team: 'T2', kpi: 'confirmed', activity: T0 });

    await service.scanAll(at(91));
    await service.scanAll(at(92));
    // Workspaces are scanned side by side: in either order, each alert once, in its own workspace.
    expect(posts.map((p) => [p.teamId, p.msg.text.split(':')[0]]).sort()).toEqual([
      ['T1', 'Pilot A — At risk of pilot purgatory'],
      ['T2', 'Pilot B — At risk of pilot purgatory'],
    ]);
    expect([...refreshed].sort()).toEqual([a.reviewId, b.reviewId].sort());

    // Even with the stored flags lost, the dedupe key keeps it to one alert per crossing.
    await PilotModel.updateMany({}, { $set: { flags: [] } });
    await service.scanAll(at(93));
    expect(posts).toHaveLength(2);
    // The channel names nobody; each sponsor gets one DM per alert, kept to one by its own dedupe key.
    expect(posts.some((p) => JSON.stringify(p.msg).includes('<@'))).toBe(false);
    expect(dms.map((d) => [d.teamId, d.userId, d.msg.text]).sort()).toEqual([
      ['T1', 'U17', 'Your decision is needed: Pilot A is at risk of pilot purgatory.'],
      ['T2', 'U17', 'Your decision is needed: Pilot B is at risk of pilot purgatory.'],
    ]);

    await service.scanAll(at(181));
    expect(
      posts
        .map((p) => p.msg.text.split(':')[0])
        .slice(2)
        .sort(),
    ).toEqual(['Pilot A — In pilot purgatory', 'Pilot B — In pilot purgatory']);
    expect((await pilotDoc(a.pilotId))?.decisionDueAt).toEqual(at(195));
    expect(await flagsOf(a.pilotId)).toEqual(['purgatory', 'stale']);
  });

  it('retries an alert Slack refused: the crossing is not stored until the alert is sent', async () => {
    const posts: OutgoingMessage[] = [];
    const p = await seedPilot({ kpi: 'confirmed' });
    let refuse = true;
    const failing = new PurgatoryService(
      {
        notifier: {
          post: async (_teamId, channel, msg) => {
            if (refuse) throw new Error('channel_not_found');
            posts.push(msg);
            return { channel, ts: '1.1' };
          },
          dm: async (_teamId, userId) => ({ channel: `D${userId}`, ts: '1.2' }),
        },
        logger: createLogger('silent'),
        cadenceFor: async () => cadence,
        repos: { deliveries: new DeliveryRepo(), ...owners },
        services: { reviews: { refreshCard: async () => undefined } },
        isInstalled: async () => true,
      },
      new PurgatoryRepo(owners),
    );
    expect((await failing.scanAll(at(91))).failed).toBe(1);
    expect(await flagsOf(p.pilotId)).toEqual([]);
    refuse = false;
    await failing.scanAll(at(92));
    expect(posts).toHaveLength(1);
    expect(await flagsOf(p.pilotId)).toEqual(['at_risk', 'stale']);
  });
});

describe('the daily scan after a first full one', () => {
  beforeEach(async () => {
    await resetDatabase();
  });

  const day = (d: Date) => d.toISOString().slice(0, 10);
  const bucketOf = async (pilotId: string) => (await pilotDoc(pilotId))?.scanBucket as string;

  it('reads only the pilots due by time, marked by a change, or in the day’s weekly bucket', async () => {
    const { service } = harness();
    const quiet = await Promise.all(Array.from({ length: 28 }, () => seedPilot({ activity: at(20) })));
    const crossing = await seedPilot({ activity: at(7) }); // stale from day 21
    const changed = await seedPilot({ activity: at(20) });

    const full = await service.scanAll(at(20));
    expect(full.pilots).toBe(30);
    expect(await flagsOf(crossing.pilotId)).toEqual([]);

    await pilots.markForScan('T1', changed.pilotId, at(21));
    const next = await service.scanAll(at(22));
    const inBucket = [];
    for (const p of [...quiet, crossing, changed]) {
      if ((await bucketOf(p.pilotId)) === bucketForDay(day(at(22)))) inBucket.push(p.pilotId);
    }
    const expected = new Set([...inBucket, crossing.pilotId, changed.pilotId]);
    expect(next.pilots).toBe(expected.size);
    expect(next.pilots).toBeLessThan(30);
    expect(await flagsOf(crossing.pilotId)).toEqual(['stale']);
    // Looked at and nothing new ahead: not read again tomorrow unless its bucket comes up.
    expect((await pilotDoc(changed.pilotId))?.scanDueOn).toBe(day(at(34)));
  });

  it('catches a change nobody marked within SCAN_BUCKETS days, and re-reads everything on new thresholds', async () => {
    const { service } = harness();
    const stale = await seedPilot({ activity: T0 });
    await Promise.all(Array.from({ length: 6 }, () => seedPilot({ activity: at(20) })));
    await service.scanAll(at(20));
    expect(await flagsOf(stale.pilotId)).toEqual(['stale']);

    await ReviewModel.updateOne({ pilotId: stale.pilotId }, { $set: { lastActivityAt: at(21) } });
    const flagsByDay: string[][] = [];
    for (let d = 21; d < 21 + SCAN_BUCKETS; d++) {
      await service.scanAll(at(d));
      flagsByDay.push(await flagsOf(stale.pilotId));
    }
    expect(flagsByDay.at(-1)).toEqual([]);

    const stricter = harness({ ...cadence, staleAfterMs: 3 * DAY } as Cadence);
    expect((await stricter.service.scanAll(at(21 + SCAN_BUCKETS))).pilots).toBe(7);
    expect(await flagsOf(stale.pilotId)).toEqual(['stale']);
  });
});
