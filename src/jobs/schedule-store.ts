import { createHash } from 'node:crypto';
import { type Collection, type Document, ObjectId } from 'mongodb';
import { firstRunAt, type JobSchedule, scheduleSignature } from './job-schedule.domain.js';

/** The one agenda document of a repeating job has an id derived from its name: two starters cannot make two. */
export const scheduleIdOf = (name: string): ObjectId =>
  new ObjectId(createHash('sha256').update(`repeating-job:${name}`).digest('hex').slice(0, 24));

export type ScheduleOutcome = 'created' | 'kept' | 'rescheduled';

/**
 * Keeps each repeating job's agenda document (type `single`) across restarts. Unlike `agenda.every`,
 * which moves the next run on every start, the next run is only recomputed when the schedule's
 * signature (interval, or cron and zone) changed. Each step is one single-document write, so workers
 * starting at once agree; agenda computes every later run itself from `repeatInterval`.
 */
export class ScheduleStore {
  constructor(private readonly jobs: Collection<Document>) {}

  async ensure(name: string, schedule: JobSchedule, now: Date): Promise<ScheduleOutcome> {
    const _id = scheduleIdOf(name);
    const signature = scheduleSignature(schedule);
    const repeat = {
      repeatInterval: 'everyMs' in schedule ? schedule.everyMs : schedule.cron,
      repeatTimezone: 'everyMs' in schedule ? null : schedule.timezone,
      schedule: signature,
    };
    const nextRunAt = firstRunAt(schedule, now);
    const created = await this.createIfMissing(_id, {
      name,
      type: 'single',
      priority: 0,
      data: {},
      nextRunAt,
      lockedAt: null,
      lastRunAt: null,
      lastFinishedAt: null,
      ...repeat,
    });
    // Documents an older version made with agenda.every (random ids) would run the job a second time.
    await this.jobs.deleteMany({ name, type: 'single', _id: { $ne: _id } });
    if (created) return 'created';
    // Only a changed signature moves the next run (or a lost one, which would never run again); of several
    // starters with the same new signature, one writes.
    const changed = await this.jobs.updateOne(
      { _id, $or: [{ schedule: { $ne: signature } }, { nextRunAt: null }] },
      { $set: { ...repeat, nextRunAt } },
    );
    return changed.modifiedCount > 0 ? 'rescheduled' : 'kept';
  }

  private async createIfMissing(_id: ObjectId, doc: Document): Promise<boolean> {
    try {
      const result = await this.jobs.updateOne({ _id }, { $setOnInsert: doc }, { upsert: true });
      return result.upsertedCount > 0;
    } catch (err) {
      // Another starter inserted it between our lookup and insert: it exists, which is all we need.
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }
}
