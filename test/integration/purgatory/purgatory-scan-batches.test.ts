import mongoose from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Cadence } from '../../../src/config/settings.js';
import { ROLE_IDS, SIGNAL_IDS } from '../../../src/core/catalog.domain.js';
import { DeliveryRepo } from '../../../src/features/delivery/delivery.repo.js';
import { PilotModel } from '../../../src/features/pilots/pilot.model.js';
import { PilotRepo } from '../../../src/features/pilots/pilot.repo.js';
import { PurgatoryRepo } from '../../../src/features/purgatory/purgatory.repo.js';
import { PurgatoryService } from '../../../src/features/purgatory/purgatory.service.js';
import { PlanItemRepo } from '../../../src/features/reviews/plan-item.repo.js';
import { PlanItemModel, ReviewModel } from '../../../src/features/reviews/review.model.js';
import { ReviewRepo } from '../../../src/features/reviews/review.repo.js';
import { createLogger } from '../../../src/shared/logger.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const DAY = 86_400_000;
const T0 = new Date('2026-01-01T12:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const cadence = { staleAfterMs: 14 * DAY, purgatoryWarnAfterMs: 90 * DAY, purgatoryAfterMs: 180 * DAY } as Cadence;

/** What the scan asked the owners for: whole-workspace streams, and the ids of each batched read. */
function spiedOwners() {
  const pilots = new PilotRepo();
  const planItems = new PlanItemRepo();
  const reviews = new ReviewRepo(planItems);
  const calls = { wholeWorkspace: [] as string[], reviewIds: [] as number[], planItemIds: [] as number[] };
  const owners = {
    pilots,
    reviews: {
      streamScanRows: (teamId: string) => {
        calls.wholeWorkspace.push('reviews');
        return reviews.streamScanRows(teamId);
      },
      scanRowsOfPilots: (teamId: string, ids: string[]) => {
        calls.reviewIds.push(ids.length);
        return reviews.scanRowsOfPilots(teamId, ids);
      },
    },
    planItems: {
      streamOpenDueDates: (teamId: string) => {
        calls.wholeWorkspace.push('planItems');
        return planItems.streamOpenDueDates(teamId);
      },
      openDueDatesOfReviews: (teamId: string, ids: string[]) => {
        calls.planItemIds.push(ids.length);
        return planItems.openDueDatesOfReviews(teamId, ids);
      },
    },
  };
  return { owners, calls };
}

function harness(pilotsPerBatch?: number) {
  const { owners, calls } = spiedOwners();
  const alerts: string[] = [];
  const service = new PurgatoryService(
    {
      notifier: {
        post: async (_teamId, channel, msg) => {
          alerts.push(msg.text);
          return { channel, ts: `${alerts.length}.0001` };
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
    pilotsPerBatch === undefined ? {} : { pilotsPerBatch },
  );
  return { service, calls, alerts };
}

/** Eleven pilots of every kind the scan flags, seeded in the same order each time. */
async function seedMix(): Promise<void> {
  const kinds = [
    { kpi: 'confirmed', activity: T0 },
    { activity: T0 },
    { planned: '2026-01-10', activity: at(20) },
    { stage: 'pre_production', items: ['2026-01-15', '2026-01-16'], activity: at(20) },
    { activity: at(20) },
    { activity: at(-100) },
    { activity: at(-200) },
    { stage: 'pre_production', items: ['2027-01-15'], activity: at(20) },
    { activity: at(7) },
    { kpi: 'confirmed', activity: at(19) },
    { planned: '2026-01-05', items: ['2026-01-02'], activity: T0 },
  ];
  for (const [i, k] of kinds.entries()) {
    const name = `Pilot ${i}`;
    const pilot = await PilotModel.create({
      teamId: 'T1',
      channelId: 'C1',
      name,
      nameKey: name.toLowerCase(),
      plannedKpiValidationDate: k.planned ?? '2027-12-31',
      stakeholders: Object.fromEntries(ROLE_IDS.map((r) => [r, `U${r.length}`])),
      createdBy: 'U1',
      stage: k.stage ?? 'in_review',
    });
    const pilotId = String(pilot._id);
    const review = await ReviewModel.create({
      teamId: 'T1',
      pilotId,
      manifestVersion: 'v1',
      statuses: SIGNAL_IDS.map((signal) => ({
        signal,
        status: signal === 'kpi_validation' ? (k.kpi ?? 'pending') : 'confirmed',
        reasons: [],
        awaiting: [],
      })),
      answeredRoles: [...ROLE_IDS],
      openedAt: at(-200),
      lastActivityAt: k.activity,
    });
    for (const dueDate of k.items ?? []) {
      await PlanItemModel.create({
        teamId: 'T1',
        reviewId: String(review._id),
        pilotId,
        round: 1,
        signal: 'governance',
        action: 'Fix',
        ownerId: 'U1',
        dueDate,
      });
    }
  }
}

/** Each pilot's stored scan outcome by name: flags, promising and decision dates, next due day. */
async function outcomes() {
  const docs = await mongoose.connection.collection('pilots').find({}).sort({ name: 1 }).toArray();
  return docs.map((d) => ({
    name: d.name,
    flags: (d.flags ?? []).map((f: { kind: string }) => f.kind),
    promisingAt: d.promisingAt ?? null,
    decisionDueAt: d.decisionDueAt ?? null,
    scanDueOn: d.scanDueOn,
  }));
}

/** A full pass, a change, then the next day's scan: what each produced. */
async function twoDays(pilotsPerBatch?: number) {
  const h = harness(pilotsPerBatch);
  await seedMix();
  const first = await h.service.scanAll(at(20));
  const afterFirst = await outcomes();
  await ReviewModel.updateOne({ pilotId: { $exists: true } }, { $set: { lastActivityAt: at(21) } });
  await PilotModel.updateMany({}, { $set: { scanDueOn: 'now' } });
  const next = await h.service.scanAll(at(22));
  return { first, next, afterFirst, afterNext: await outcomes(), alerts: [...h.alerts].sort(), calls: h.calls };
}

describe('the purgatory scan reads a workspace in batches of pilots', () => {
  beforeEach(async () => {
    await resetDatabase();
  });

  it('gives pilots across several batches the same flags, dates and alerts as in one batch', async () => {
    const inOne = await twoDays();
    await resetDatabase();
    const inBatches = await twoDays(3);
    expect(inOne.first.pilots).toBe(11);
    expect(inOne.afterFirst.some((p) => p.flags.length > 0)).toBe(true);
    expect(inBatches.first).toEqual(inOne.first);
    expect(inBatches.next).toEqual(inOne.next);
    expect(inBatches.afterFirst).toEqual(inOne.afterFirst);
    expect(inBatches.afterNext).toEqual(inOne.afterNext);
    expect(inBatches.alerts).toEqual(inOne.alerts);
  });

  it('never streams a whole workspace of reviews or plan items; each read covers at most one batch', async () => {
    const { calls, first, next } = await twoDays(3);
    expect(first.pilots).toBe(11);
    expect(next.pilots).toBe(11);
    expect(calls.wholeWorkspace).toEqual([]);
    // 11 pilots in batches of 3, on each of the two days.
    expect(calls.reviewIds).toEqual([3, 3, 3, 2, 3, 3, 3, 2]);
    expect(Math.max(...calls.planItemIds)).toBeLessThanOrEqual(3);
  });
});
