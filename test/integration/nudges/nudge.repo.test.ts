import { beforeEach, describe, expect, it } from 'vitest';
import { NudgeStateModel } from '../../../src/features/nudges/nudge.model.js';
import { NudgeRepo } from '../../../src/features/nudges/nudge.repo.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
const repo = new NudgeRepo();
const key = { teamId: 'T1', reviewId: 'r1', round: 1, userId: 'U1' };
const t = (iso: string) => new Date(iso);

beforeEach(async () => {
  await resetDatabase();
  await NudgeStateModel.init();
});

describe('NudgeRepo (real database)', () => {
  it('counts each nudge once: concurrent writers of the same nudge number, one wins', async () => {
    const first = await Promise.all([1, 2, 3, 4].map(() => repo.recordSent(key, 1, t('2026-03-01T10:00:00Z'))));
    expect(first.filter(Boolean)).toHaveLength(1);
    const second = await Promise.all([1, 2, 3].map(() => repo.recordSent(key, 2, t('2026-03-02T10:00:00Z'))));
    expect(second.filter(Boolean)).toHaveLength(1);
    expect(await repo.recordSent(key, 2, t('2026-03-02T11:00:00Z'))).toBe(false);
    expect(await repo.get(key)).toMatchObject({ count: 2, lastSentAt: t('2026-03-02T10:00:00Z') });
  });

  it('a snooze before any nudge keeps the count at zero, and the first nudge still records', async () => {
    expect(await repo.snooze(key, t('2026-03-05T00:00:00Z'))).toBeUndefined();
    expect(await repo.snooze(key, t('2026-03-06T00:00:00Z'))).toEqual(t('2026-03-05T00:00:00Z'));
    expect(await repo.recordSent(key, 1, t('2026-03-06T10:00:00Z'))).toBe(true);
    expect(await repo.forRound('T1', 'r1', 1)).toEqual([
      {
        userId: 'U1',
        count: 1,
        lastSentAt: t('2026-03-06T10:00:00Z'),
        snoozedUntil: t('2026-03-06T00:00:00Z'),
        escalated: 0,
      },
    ]);
  });

  it('records escalation milestones upwards only, scoped by team and round', async () => {
    await repo.recordSent(key, 1, t('2026-03-01T10:00:00Z'));
    await repo.recordEscalated(key, 6);
    await repo.recordEscalated(key, 3);
    expect((await repo.get(key))?.escalated).toBe(6);
    expect(await repo.forRound('T2', 'r1', 1)).toEqual([]);
    expect(await repo.forRound('T1', 'r1', 2)).toEqual([]);
  });
});
