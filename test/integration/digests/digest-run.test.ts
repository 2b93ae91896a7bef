import { beforeEach, describe, expect, it } from 'vitest';
import type { Cadence } from '../../../src/config/settings.js';
import { ROLE_IDS, SIGNAL_IDS } from '../../../src/core/catalog.domain.js';
import { DeliveryRepo } from '../../../src/features/delivery/delivery.repo.js';
import { DigestSnapshotModel } from '../../../src/features/digests/digest.model.js';
import { DigestRepo } from '../../../src/features/digests/digest.repo.js';
import { DigestService } from '../../../src/features/digests/digest.service.js';
import { PilotModel } from '../../../src/features/pilots/pilot.model.js';
import { PilotRepo } from '../../../src/features/pilots/pilot.repo.js';
import { PlanItemRepo } from '../../../src/features/reviews/plan-item.repo.js';
import { PlanItemModel, ReviewModel } from '../../../src/features/reviews/review.model.js';
import { ReviewRepo } from '../../../src/features/reviews/review.repo.js';
import { createLogger } from '../../../src/shared/logger.js';
import type { OutgoingMessage } from '../../../src/slack/notifier.js';
import { checkMessage } from '../../support/block-kit-checker.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const DAY = 86_400_000;
// Monday 30 Nov 2026; the cron "0 9 * * 1" fires at 08:00 UTC in Berlin and 14:00 UTC in New York.
const MONDAY_0805_UTC = new Date('2026-11-30T08:05:00Z');
const cadence = { digestCron: '0 9 * * 1', nudgeFirstAfterMs: 2 * DAY } as Cadence;
const ZONES: Record<string, string> = { U0BERLIN: 'Europe/Berlin', U0NEWYORK: 'America/New_York' };

// The owners of the collections the digest reads.
const planItems = new PlanItemRepo();
const owners = { pilots: new PilotRepo(), reviews: new ReviewRepo(planItems), planItems };

function harness() {
  const dms: { userId: string; msg: OutgoingMessage }[] = [];
  const service = new DigestService(
    {
      notifier: {
        dm: async (_teamId, userId, msg) => {
          dms.push({ userId, msg });
          return { channel: `D${userId}`, ts: `${dms.length}.0001` };
        },
        userProfile: async (_teamId, userId) => ({
          id: userId,
          tz: ZONES[userId] ?? 'UTC',
          tzOffsetSeconds: 0,
          name: userId,
        }),
      },
      logger: createLogger('silent'),
      cadenceFor: async () => cadence,
      repos: { deliveries: new DeliveryRepo(), ...owners },
      isInstalled: async () => true,
      // Every pilot here is in a public channel: everyone sees the whole portfolio.
      services: {
        audience: {
          session: () => ({
            canSee: async () => true,
            visible: async (pilots) => [...pilots],
            isPrivate: async () => false,
          }),
        },
      },
    },
    new DigestRepo(owners),
  );
  return { service, dms };
}

async function seed(name: string, sponsor: string, stage: string, kpi = 'confirmed') {
  const pilot = await PilotModel.create({
    teamId: 'T1',
    channelId: 'C1',
    name,
    nameKey: name.toLowerCase(),
    plannedKpiValidationDate: '2027-12-31',
    stakeholders: {
      ...Object.fromEntries(ROLE_IDS.map((r) => [r, `U0${r.slice(0, 4).toUpperCase()}`])),
      executive_sponsor: sponsor,
    },
    createdBy: sponsor,
    stage,
  });
  const review = await ReviewModel.create({
    teamId: 'T1',
    pilotId: String(pilot._id),
    manifestVersion: 'v1',
    statuses: SIGNAL_IDS.map((signal) => ({
      signal,
      status: signal === 'kpi_validation' ? kpi : 'confirmed',
      reasons: [],
      awaiting: [],
    })),
    answeredRoles: [...ROLE_IDS],
    outcome: 'proceed',
    openedAt: new Date('2026-10-01T00:00:00Z'),
    lastActivityAt: new Date('2026-10-01T00:00:00Z'),
  });
  return { pilotId: String(pilot._id), reviewId: String(review._id) };
}

describe('weekly digest against the database', () => {
  beforeEach(async () => {
    await resetDatabase();
  });

  it("sends each sponsor's digest at the cron moment in their own zone, once, and none to a sponsor with nothing open", async () => {
    const { service, dms } = harness();
    const gap = await seed('Claims summariser', 'U0BERLIN', 'pre_production', 'conditional');
    await seed('Invoice triage', 'U0BERLIN', 'in_review');
    await seed('Demand forecast', 'U0BERLIN', 'production');
    await seed('Ticket router', 'U0NEWYORK', 'in_review');
    await seed('Old bot', 'U0CLOSED', 'terminated');
    await PlanItemModel.create({
      teamId: 'T1',
      reviewId: gap.reviewId,
      pilotId: gap.pilotId,
      round: 1,
      signal: 'kpi_validation',
      action: 'Re-measure on production data',
      ownerId: 'U0OPER',
      dueDate: '2026-11-20',
    });

    expect(await service.runAll(new Date('2026-11-30T07:59:00Z'))).toEqual({
      due: 0,
      sent: 0,
      failed: 0,
      chartsFailed: 0,
    });
    expect(await service.runAll(MONDAY_0805_UTC)).toEqual({ due: 1, sent: 1, failed: 0, chartsFailed: 0 });
    expect(dms.map((d) => d.userId)).toEqual(['U0BERLIN']);
    const berlin = dms[0]?.msg as OutgoingMessage;
    expect(checkMessage(berlin)).toEqual([]);
    expect(berlin.text).toBe(
      'Your weekly PilotGate digest: 3 open pilots — 1 to decide, 1 with overdue items. Most urgent: Invoice triage.',
    );
    expect(JSON.stringify(berlin.blocks)).toContain('Overdue since 2026-11-20: Re-measure on production data');

    // Running again in the same week sends nothing more; New York's turn comes at 14:00 UTC.
    expect((await service.runAll(new Date('2026-11-30T08:10:00Z'))).sent).toBe(0);
    expect((await service.runAll(new Date('2026-11-30T14:01:00Z'))).sent).toBe(1);
    expect(dms.map((d) => d.userId)).toEqual(['U0BERLIN', 'U0NEWYORK']);
    expect(await DigestSnapshotModel.countDocuments({ teamId: 'T1' })).toBe(2);
  });

  it('says what changed since the last digest', async () => {
    const { service, dms } = harness();
    const invoice = await seed('Invoice triage', 'U0BERLIN', 'in_review', 'pending');
    await service.runAll(MONDAY_0805_UTC);
    await ReviewModel.updateOne(
      { pilotId: invoice.pilotId },
      { $set: { 'statuses.0': { signal: 'kpi_validation', status: 'confirmed', reasons: [], awaiting: [] } } },
    );
    await PilotModel.updateOne({ name: 'Invoice triage' }, { $set: { stage: 'pre_production' } });
    await service.runAll(new Date(MONDAY_0805_UTC.getTime() + 7 * DAY));
    expect(dms).toHaveLength(2);
    const blocks = JSON.stringify(dms[1]?.msg.blocks);
    expect(blocks).toContain(
      'Since last digest: Stage: In review → Pre-production (gap closure); KPIs: pending → confirmed',
    );
  });
});
