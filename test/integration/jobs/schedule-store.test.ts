/** The stored schedule of a repeating job, at chosen instants (a ManualClock, no agenda timing). */
import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSchedule } from '../../../src/jobs/job-schedule.domain.js';
import { ScheduleStore, scheduleIdOf } from '../../../src/jobs/schedule-store.js';
import { ManualClock } from '../../../src/shared/clock.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const DAILY_AT_SIX: JobSchedule = { cron: '0 6 * * *', timezone: 'UTC' };
const jobs = () => mongoose.connection.collection('agendaJobs');
const store = () => new ScheduleStore(jobs());
const stored = async (name: string) => jobs().findOne({ _id: scheduleIdOf(name) });

afterEach(async () => {
  await resetDatabase();
});

describe('ScheduleStore', () => {
  it('the issue’s case: restarts the next day, even just before the run, keep the daily run at its time', async () => {
    const clock = new ManualClock(new Date('2026-11-25T13:10:46Z'));
    expect(await store().ensure('purgatory.scan', DAILY_AT_SIX, clock.now())).toBe('created');
    clock.set(new Date('2026-11-26T05:59:30Z'));
    for (let i = 0; i < 5; i++) expect(await store().ensure('purgatory.scan', DAILY_AT_SIX, clock.now())).toBe('kept');
    const doc = await stored('purgatory.scan');
    expect(doc?.nextRunAt).toEqual(new Date('2026-11-26T06:00:00Z'));
    expect(doc).toMatchObject({ name: 'purgatory.scan', type: 'single', repeatInterval: '0 6 * * *' });
    expect(doc?.repeatTimezone).toBe('UTC');
  });

  it('keeps a next run that passed while the app was down, so agenda runs it at once', async () => {
    const clock = new ManualClock(new Date('2026-11-25T13:00:00Z'));
    await store().ensure('purgatory.scan', DAILY_AT_SIX, clock.now());
    clock.set(new Date('2026-11-26T09:00:00Z'));
    expect(await store().ensure('purgatory.scan', DAILY_AT_SIX, clock.now())).toBe('kept');
    expect((await stored('purgatory.scan'))?.nextRunAt).toEqual(new Date('2026-11-26T06:00:00Z'));
  });

  it('moves the next run when the schedule changes, from the moment of the change', async () => {
    const clock = new ManualClock(new Date('2026-11-25T13:00:00Z'));
    await store().ensure('nudges.sweep', { everyMs: 3_600_000 }, clock.now());
    clock.advance(10 * 60_000);
    expect(await store().ensure('nudges.sweep', { everyMs: 60_000 }, clock.now())).toBe('rescheduled');
    expect(await stored('nudges.sweep')).toMatchObject({
      nextRunAt: new Date('2026-11-25T13:11:00Z'),
      repeatInterval: 60_000,
    });
  });

  it('gives a schedule whose next run was lost (null) a new one, instead of never running again', async () => {
    const clock = new ManualClock(new Date('2026-11-25T13:00:00Z'));
    await store().ensure('review90.open', DAILY_AT_SIX, clock.now());
    await jobs().updateOne({ _id: scheduleIdOf('review90.open') }, { $set: { nextRunAt: null } });
    expect(await store().ensure('review90.open', DAILY_AT_SIX, clock.now())).toBe('rescheduled');
    expect((await stored('review90.open'))?.nextRunAt).toEqual(new Date('2026-11-26T06:00:00Z'));
  });
});
