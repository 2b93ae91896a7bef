import { parseQuietHours, type QuietHours } from '../core/quiet-hours.domain.js';
import { maskUriPassword, uriPasswords } from './mongodb-uri.js';
import { SettingsEnv } from './settings.schema.js';

/** The scheduler cadence and thresholds; env defaults that a workspace may override. */
export interface Cadence {
  nudgeFirstAfterMs: number;
  nudgeEveryMs: number;
  escalateAfterNudges: number;
  staleAfterMs: number;
  purgatoryWarnAfterMs: number;
  purgatoryAfterMs: number;
  review90dAfterMs: number;
  /** CONFIRMATION_VALID_FOR: answers confirmed longer ago than this are stale (confirmation-expiry.domain). */
  confirmationValidForMs: number;
  digestCron: string;
  quietHours: QuietHours | null;
}

export interface Settings {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  logLevel: SettingsEnv['LOG_LEVEL'];
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  };
  tokenEncryptionKey?: string;
  /** Retired keys that still open tokens sealed before a rotation. */
  previousTokenEncryptionKeys: string[];
  /** Signs the audit trail; when unset outside production, server start-up generates one into dataDir. */
  auditHmacKey?: string;
  mongodbUri?: string;
  mongodbDb: string;
  dataDir: string;
  manifestsDir: string;
  gateAdmins: string[];
  jobPollIntervalMs: number;
  /** False when JOBS=off: this process enqueues jobs but never runs them. */
  jobsEnabled: boolean;
  jobSweepEveryMs: number;
  /** HH:MM UTC at which the daily jobs run. */
  dailyJobsAt: string;
  /** NODE_ENV=test or DEMO_CADENCE=on: job cadences may go below MIN_JOB_PERIOD_MS (src/jobs/job-cadence.policy.ts). */
  secondScaleCadence: boolean;
  /** METRICS / METRICS_TOKEN: GET /metrics, and the bearer token it needs. */
  metrics: { enabled: boolean; token?: string };
  /** UNINSTALL_RETENTION: an uninstalled workspace's data is deleted this long after the uninstall. */
  uninstallRetentionMs: number;
  cadence: Cadence;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`PilotGate cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Parses the environment; throws SettingsError with one line per problem, each naming the variable. */
export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const parsed = SettingsEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = env[name];
      const secret = name.includes('SECRET') || name.includes('TOKEN') || name.includes('KEY');
      const shown = got === undefined ? 'not set' : `got "${secret ? '…' : maskUriPassword(got)}"`;
      return `${name}: ${issue.message} (${shown})`;
    });
    throw new SettingsError(problems);
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      oauth:
        e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
          ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET }
          : undefined,
    },
    tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY,
    previousTokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEY_PREVIOUS,
    auditHmacKey: e.AUDIT_HMAC_KEY,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    dataDir: e.DATA_DIR,
    manifestsDir: e.MANIFESTS_DIR,
    gateAdmins: e.GATE_ADMINS,
    jobPollIntervalMs: e.JOB_POLL_INTERVAL,
    jobsEnabled: e.JOBS === 'on',
    jobSweepEveryMs: e.JOB_SWEEP_EVERY,
    dailyJobsAt: e.DAILY_JOBS_AT,
    secondScaleCadence: e.NODE_ENV === 'test' || e.DEMO_CADENCE === 'on',
    metrics: { enabled: e.METRICS === 'on', ...(e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : {}) },
    uninstallRetentionMs: e.UNINSTALL_RETENTION,
    cadence: {
      nudgeFirstAfterMs: e.NUDGE_FIRST_AFTER,
      nudgeEveryMs: e.NUDGE_EVERY,
      escalateAfterNudges: e.ESCALATE_AFTER_NUDGES,
      staleAfterMs: e.STALE_AFTER,
      purgatoryWarnAfterMs: e.PURGATORY_WARN_AFTER,
      purgatoryAfterMs: e.PURGATORY_AFTER,
      review90dAfterMs: e.REVIEW_90D_AFTER,
      confirmationValidForMs: e.CONFIRMATION_VALID_FOR,
      digestCron: e.DIGEST_CRON,
      quietHours: parseQuietHours(e.QUIET_HOURS),
    },
  };
}

/** Every secret value among the settings, for the log scrubber: no log line may carry one. */
export function settingsSecrets(s: Settings): string[] {
  const values = [
    s.slack.botToken,
    s.slack.signingSecret,
    s.slack.appToken,
    s.slack.oauth?.clientSecret,
    s.slack.oauth?.stateSecret,
    s.tokenEncryptionKey,
    ...s.previousTokenEncryptionKeys,
    s.auditHmacKey,
    ...(s.mongodbUri ? uriPasswords(s.mongodbUri) : []),
  ];
  return values.filter((v): v is string => !!v);
}
