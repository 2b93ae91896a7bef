import { beforeEach, describe, expect, it } from 'vitest';
import type { Cadence } from '../../../src/config/settings.js';
import { ROLE_IDS } from '../../../src/core/catalog.domain.js';
import { DeliveryRepo } from '../../../src/features/delivery/delivery.repo.js';
import { DigestRepo } from '../../../src/features/digests/digest.repo.js';
import { DigestService } from '../../../src/features/digests/digest.service.js';
import { PilotModel } from '../../../src/features/pilots/pilot.model.js';
import { PilotRepo } from '../../../src/features/pilots/pilot.repo.js';
import type { AudiencePilot } from '../../../src/features/pilots/pilot-audience.service.js';
import { PlanItemRepo } from '../../../src/features/reviews/plan-item.repo.js';
import { ReviewRepo } from '../../../src/features/reviews/review.repo.js';
import { createLogger } from '../../../src/shared/logger.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const NOW = new Date('2026-11-30T10:00:00Z');
const cadence = { digestCron: '0 9 * * 1', nudgeFirstAfterMs: 2 * 86_400_000 } as Cadence;
const planItems = new PlanItemRepo();
const owners = { pilots: new PilotRepo(), reviews: new ReviewRepo(planItems), planItems };

/** An audience where channel CPRIV is private and only its pilots' stakeholders see them; it counts what it is asked. */
function countingAudience() {
  const asked = { visiblePilots: 0, privacyOf: 0 };
  const isPrivate = async (p: AudiencePilot) => {
    asked.privacyOf++;
    return p.channelId === 'CPRIV';
  };
  const canSee = async (p: AudiencePilot, userId: string) =>
    !(await isPrivate(p)) || Object.values(p.stakeholders).includes(userId);
  const session = () => ({
    isPrivate,
    canSee,
    visible: async <P extends AudiencePilot>(pilots: readonly P[], userId: string) => {
      asked.visiblePilots += pilots.length;
      const seen = await Promise.all(pilots.map((p) => canSee(p, userId)));
      return pilots.filter((_p, i) => seen[i]);
    },
  });
  return { asked, audience: { session } };
}

async function seedPilot(name: string, sponsor: string, channelId: string) {
  await PilotModel.create({
    teamId: 'T1',
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

describe('digest portfolios and private channels', () => {
  beforeEach(async () => {
    await resetDatabase();
  });

  it('leaves private pilots out of the portfolios of sponsors who may not see them, asking only about those', async () => {
    const sponsors = Array.from({ length: 8 }, (_x, i) => `U0SPONSOR${i}`);
    for (const [i, s] of sponsors.entries()) {
      for (let k = 0; k < 5; k++) await seedPilot(`Public ${i}-${k}`, s, `C${i}`);
    }
    await seedPilot('Secret', sponsors[0]!, 'CPRIV');
    const { asked, audience } = countingAudience();
    const repo = new DigestRepo(owners);
    const service = new DigestService(
      {
        notifier: {
          dm: async () => ({ channel: 'D1', ts: '1.0001' }),
          userProfile: async (_t, id) => ({ id, tz: 'UTC', tzOffsetSeconds: 0, name: id }),
        },
        logger: createLogger('silent'),
        cadenceFor: async () => cadence,
        repos: { deliveries: new DeliveryRepo(), ...owners },
        isInstalled: async () => true,
        services: { audience },
      },
      repo,
    );
    const occurrence = new Date('2026-11-30T09:00:00Z');
    const due = sponsors.map((sponsorId) => ({ sponsorId, occurrence, timeZone: 'UTC' }));
    const built = await service.build('T1', await repo.pilotsOf('T1'), due, NOW);

    const totals = Object.fromEntries(built.map((b) => [b.sponsor.sponsorId, b.digest.portfolio.total]));
    expect(totals).toEqual(Object.fromEntries(sponsors.map((s, i) => [s, i === 0 ? 41 : 40])));
    // Each pilot's privacy once; who may see it asked only of the one private pilot, once per sponsor.
    expect(asked.visiblePilots).toBeLessThanOrEqual(sponsors.length);
  });
});
