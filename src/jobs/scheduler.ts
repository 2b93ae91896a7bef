import { MongoJobRepository } from '@agendajs/mongo-backend';
import { type Agenda, backoffStrategies } from 'agenda';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../shared/logger.js';
import type { BoundJob, JobQueue } from './job-definition.js';
import type { JobSchedule } from './job-schedule.domain.js';
import { ScheduleStore } from './schedule-store.js';

/** How long SIGTERM waits for running jobs before leaving their locks to expire. */
const DRAIN_TIMEOUT_MS = 15_000;

/** On-demand jobs that fail are retried with backoff (1s, 2s, 4s … five times), then left failed and logged. */
const onDemandBackoff = backoffStrategies.exponential({ delay: 1_000, maxRetries: 5 });

/** Times each run (Prometheus `job` metrics); none in tests that build a scheduler by hand. */
export interface JobTimer {
  timeJob<T>(name: string, run: () => Promise<T>): Promise<T>;
}

const untimed: JobTimer = { timeJob: (_name, run) => run() };

/**
 * Wires the jobs of src/app/job-registry.ts into agenda: defines every job (data validated with its `parse`, failures
 * logged with the job name), schedules the repeating ones idempotently (one document per name, however
 * many workers start, and a restart never moves a next run; see schedule-store.ts), and enqueues on-demand
 * ones. `runNow` runs a job in-process, for tests and commands.
 */
export class JobScheduler implements JobQueue {
  private readonly byName = new Map<string, BoundJob>();
  private attached = false;
  private started = false;

  constructor(
    readonly agenda: Agenda,
    private readonly logger: Logger,
    private readonly timer: JobTimer = untimed,
  ) {
    agenda.on('error', (err: Error) => logger.error({ err }, 'agenda error'));
  }

  /**
   * Takes the jobs, each bound to what it needs, and defines them with agenda (running works from here
   * on). Separate from the constructor because the services that enqueue jobs are built with this queue.
   */
  attach(jobs: readonly BoundJob[]): void {
    if (this.attached) throw new Error('JobScheduler.attach was called twice');
    this.attached = true;
    for (const job of jobs) {
      if (this.byName.has(job.name)) throw new Error(`job ${job.name} is defined twice in src/app/job-registry.ts`);
      this.byName.set(job.name, job);
    }
    for (const job of this.byName.values()) {
      this.agenda.define(job.name, async (agendaJob) => this.execute(job, agendaJob.attrs.data), {
        concurrency: 1,
        ...(job.every === 'on-demand' ? { backoff: onDemandBackoff } : {}),
      });
    }
  }

  /**
   * Starts processing and schedules every repeating job: a new or changed schedule first runs at `now`
   * plus its interval (or its cron's next moment); an unchanged one keeps its stored next run.
   * Safe to call from any number of workers at once.
   */
  async start(settings: Settings, now: Date = new Date()): Promise<void> {
    await this.agenda.start();
    this.started = true;
    const store = new ScheduleStore(this.jobCollection());
    const schedules: Record<string, string> = {};
    for (const job of this.byName.values()) {
      if (job.every === 'on-demand') continue;
      const schedule = scheduleOf(job.name, job.every(settings));
      schedules[job.name] = await store.ensure(job.name, schedule, now);
      if ('everyMs' in schedule && schedule.everyMs < settings.jobPollIntervalMs) {
        this.logger.warn(
          { job: job.name, everyMs: schedule.everyMs, pollMs: settings.jobPollIntervalMs },
          `${job.name} runs at most every JOB_POLL_INTERVAL; set JOB_POLL_INTERVAL shorter for its cadence`,
        );
      }
    }
    this.logger.info({ jobs: [...this.byName.keys()], schedules }, 'jobs started');
  }

  async enqueue(name: string, data: Record<string, unknown>, at?: Date): Promise<void> {
    const job = this.definition(name);
    job.parse(data);
    if (at) await this.agenda.schedule(at, name, data);
    else await this.agenda.now(name, data);
  }

  /** Runs a job here and now, outside agenda (tests, and commands that must act at once). */
  async runNow(name: string, data: unknown = {}): Promise<void> {
    await this.execute(this.definition(name), data);
  }

  /** Lets running jobs finish (bounded), then stops polling; locks of unfinished jobs expire on their own. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    const result = await this.agenda.drain({ timeout: DRAIN_TIMEOUT_MS, closeConnection: false });
    if (result.timedOut) this.logger.warn({ running: result.running }, 'jobs still running at shutdown');
  }

  /** Agenda's own job collection (whatever it is configured to be called). */
  private jobCollection() {
    const repository = this.agenda.db;
    if (!(repository instanceof MongoJobRepository)) throw new Error('jobs need agenda on its MongoDB backend');
    return repository.getDb().collection(repository.collection.collectionName);
  }

  private definition(name: string): BoundJob {
    if (!this.attached) throw new Error(`cannot run ${name}: JobScheduler.attach(jobs) was not called`);
    const job = this.byName.get(name);
    if (!job) throw new Error(`unknown job ${name}; add it to src/app/job-registry.ts`);
    return job;
  }

  private async execute(job: BoundJob, raw: unknown): Promise<void> {
    let data: unknown;
    try {
      data = job.parse(raw ?? {});
    } catch (err) {
      this.logger.error({ err, job: job.name }, `${job.name}: invalid job data; not run`);
      throw err;
    }
    const started = Date.now();
    try {
      await this.timer.timeJob(job.name, () => job.run(data));
      this.logger.debug({ job: job.name, ms: Date.now() - started }, `${job.name} done`);
    } catch (err) {
      this.logger.error({ err, job: job.name }, `${job.name} failed`);
      throw err;
    }
  }
}

/** A job's `every` as a schedule; an interval that is not a positive whole number of ms is a bug in its definition. */
function scheduleOf(name: string, every: number | JobSchedule): JobSchedule {
  const schedule = typeof every === 'number' ? { everyMs: every } : every;
  if ('everyMs' in schedule && !(Number.isInteger(schedule.everyMs) && schedule.everyMs > 0)) {
    throw new Error(`job ${name}: interval must be a positive number of milliseconds, got ${schedule.everyMs}`);
  }
  return schedule;
}
