import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where a request came from, for the ack latency histogram. */
export type AckSurface = 'command' | 'action' | 'view_submission' | 'view_closed' | 'options' | 'shortcut' | 'event';

export type DeliveryMetric = 'sent' | 'failed' | 'duplicate_prevented';

/** Slack answers within 3 s or the person sees an error: buckets bunch up below that. */
const ACK_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 5];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

/**
 * PilotGate's Prometheus metrics, on a registry of their own (not prom-client's global one), so
 * several apps in one process (tests, a worker beside an HTTP instance) each count only their own.
 * Everything is counted in memory; GET /metrics exposes it only when METRICS=on.
 */
export class Metrics {
  readonly registry = new Registry();

  private readonly ack = new Histogram({
    name: 'pilotgate_ack_seconds',
    help: 'Time from a Slack request reaching the app until it is acknowledged, by surface',
    labelNames: ['surface'],
    buckets: ACK_BUCKETS,
    registers: [this.registry],
  });

  private readonly slackCalls = new Counter({
    name: 'pilotgate_slack_api_calls_total',
    help: 'Slack Web API calls by method and outcome (ok, the Slack error code, rate_limited_retried, rate_limited)',
    labelNames: ['method', 'outcome'],
    registers: [this.registry],
  });

  private readonly jobRuns = new Counter({
    name: 'pilotgate_job_runs_total',
    help: 'Job runs by job and outcome (ok, failed)',
    labelNames: ['job', 'outcome'],
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'pilotgate_job_duration_seconds',
    help: 'Job run time by job',
    labelNames: ['job'],
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  private readonly deliveries = new Counter({
    name: 'pilotgate_deliveries_total',
    help: 'Scheduled messages by outcome (sent, failed, duplicate_prevented)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  private readonly databaseErrors = new Counter({
    name: 'pilotgate_database_errors_total',
    help: 'Database trouble seen by the driver, by kind (heartbeat_failed, checkout_failed, pool_cleared)',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  ackObserved(surface: AckSurface, seconds: number): void {
    this.ack.observe({ surface }, seconds);
  }

  slackCall(method: string, outcome: string): void {
    this.slackCalls.inc({ method, outcome });
  }

  /** Runs a job, counting its run, failure and duration; the job's own error passes through. */
  async timeJob<T>(job: string, run: () => Promise<T>): Promise<T> {
    const stop = this.jobDuration.startTimer({ job });
    try {
      const result = await run();
      this.jobRuns.inc({ job, outcome: 'ok' });
      return result;
    } catch (error) {
      this.jobRuns.inc({ job, outcome: 'failed' });
      throw error;
    } finally {
      stop();
    }
  }

  delivery(outcome: DeliveryMetric): void {
    this.deliveries.inc({ outcome });
  }

  databaseError(kind: string): void {
    this.databaseErrors.inc({ kind });
  }

  /** `pilotgate_embedded_database_up`: 1 while the embedded FerretDB answers, else 0 (only when embedded). */
  watchEmbeddedDatabase(isUp: () => Promise<boolean>): void {
    new Gauge({
      name: 'pilotgate_embedded_database_up',
      help: 'Whether the embedded FerretDB answers a ping (1) or not (0)',
      registers: [this.registry],
      async collect() {
        this.set((await isUp().catch(() => false)) ? 1 : 0);
      },
    });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
