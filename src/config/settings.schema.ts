import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { parseDuration } from '../shared/duration.js';
import { MONGODB_URI_FORMS, mongodbUriProblem } from './mongodb-uri.js';

/** Nudge cadences below this would DM people every few seconds; only tests and demos (NODE_ENV=test) go lower. */
export const NUDGE_CADENCE_FLOOR = { ms: 60_000, text: '1m' } as const;

/** A cron the digest scheduler (cron-parser) can run; six fields (seconds first) are for tests and demos. */
const digestCron = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    const expected = 'expected a cron string such as "0 9 * * 1" (minute hour day-of-month month day-of-week)';
    const fields = text.split(/\s+/).length;
    let reason = fields === 5 || fields === 6 ? '' : `it has ${fields} fields`;
    if (!reason) {
      try {
        CronExpressionParser.parse(text);
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    if (reason) ctx.addIssue({ code: 'custom', message: `${expected}: ${reason}` });
  });

const duration = (example: string) =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected a duration such as ${example} (units ms, s, m, h, d, w)` });
        return z.NEVER;
      }
      return ms;
    });

const quietHours = z
  .string()
  .trim()
  .refine((v) => v === '' || /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(v), {
    message: 'expected HH:MM-HH:MM such as 18:00-09:00, or empty to turn quiet hours off',
  });

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/**
 * The environment PilotGate reads at start-up; a missing or malformed value stops start-up with a message
 * that names the variable and says what is expected. Names are the variable names.
 */
export const SettingsEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SLACK_BOT_TOKEN: optionalText.pipe(
      z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
    ),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.pipe(
      z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
    ),
    SLACK_CLIENT_ID: optionalText,
    SLACK_CLIENT_SECRET: optionalText,
    SLACK_STATE_SECRET: optionalText,
    SLACK_API_URL: optionalText.pipe(z.url('expected a URL such as https://slack.com/api/').optional()),
    TOKEN_ENCRYPTION_KEY: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9+/]{43}=$/, 'expected 32 random bytes in base64 (openssl rand -base64 32)')
        .optional(),
    ),
    /** Keys a rotation retired: they still open tokens sealed before it (comma-separated), never seal. */
    TOKEN_ENCRYPTION_KEY_PREVIOUS: z
      .string()
      .trim()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'expected comma-separated 32-byte base64 keys'))),
    /** Signs the audit trail (HMAC); required in production, generated into DATA_DIR otherwise. */
    AUDIT_HMAC_KEY: optionalText.pipe(
      z.string().min(32, 'expected a secret of at least 32 characters (openssl rand -base64 32)').optional(),
    ),
    MONGODB_URI: optionalText.pipe(
      z
        .string()
        .superRefine((uri, ctx) => {
          const problem = mongodbUriProblem(uri);
          if (problem) ctx.addIssue({ code: 'custom', message: `expected ${MONGODB_URI_FORMS}: ${problem}` });
        })
        .optional(),
    ),
    MONGODB_DB: z.string().trim().min(1).default('pilotgate'),
    DATA_DIR: z.string().trim().min(1).default('.data'),
    MANIFESTS_DIR: z.string().trim().min(1).default('manifests'),
    GATE_ADMINS: z
      .string()
      .trim()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'expected comma-separated Slack user ids such as U012ABC'))),
    NUDGE_FIRST_AFTER: duration('2d').prefault('2d'),
    NUDGE_EVERY: duration('1d').prefault('1d'),
    ESCALATE_AFTER_NUDGES: z.coerce.number().int().min(1).max(50).default(3),
    STALE_AFTER: duration('14d').prefault('14d'),
    PURGATORY_WARN_AFTER: duration('90d').prefault('90d'),
    PURGATORY_AFTER: duration('180d').prefault('180d'),
    REVIEW_90D_AFTER: duration('90d').prefault('90d'),
    /** An assessor's answers older than this count as pending until they re-confirm them. */
    CONFIRMATION_VALID_FOR: duration('90d').prefault('90d'),
    DIGEST_CRON: digestCron.default('0 9 * * 1'),
    QUIET_HOURS: quietHours.default('18:00-09:00'),
    JOB_POLL_INTERVAL: duration('30s').prefault('30s'),
    /** `off` runs no job processing in this process (HTTP only; a separate `npm run worker` does the jobs). */
    JOBS: z.enum(['on', 'off'], 'expected on or off').default('on'),
    /** How often the nudge and missing-owner sweeps look for work; `1s` for tests and demos. */
    JOB_SWEEP_EVERY: duration('1m').prefault('1m'),
    /** Wall-clock time (UTC) of the daily jobs: purgatory scan and 90-day reviews. */
    DAILY_JOBS_AT: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a UTC time HH:MM such as 06:00')
      .default('06:00'),
    /** `on` lets second-scale thresholds and crons set job cadences outside NODE_ENV=test (demos). */
    DEMO_CADENCE: z.enum(['on', 'off'], 'expected on or off').default('off'),
    /** `on` serves GET /metrics (Prometheus); off unless asked for. */
    METRICS: z.enum(['on', 'off'], 'expected on or off').default('off'),
    /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'expected at least 16 characters').optional()),
    /** How long an uninstalled workspace's data is kept before it is deleted. */
    UNINSTALL_RETENTION: duration('30d').prefault('30d'),
  })
  .superRefine((env, ctx) => {
    const oauth = [env.SLACK_CLIENT_ID, env.SLACK_CLIENT_SECRET, env.SLACK_STATE_SECRET];
    const oauthCount = oauth.filter(Boolean).length;
    if (oauthCount > 0 && oauthCount < 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_CLIENT_ID'],
        message: 'OAuth install needs all three of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET',
      });
    }
    if (!env.SLACK_BOT_TOKEN && oauthCount < 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message:
          'required (xoxb-…) unless SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are set for OAuth',
      });
    }
    if (oauthCount === 3 && !env.TOKEN_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['TOKEN_ENCRYPTION_KEY'],
        message: 'required with OAuth install, to encrypt bot tokens at rest (openssl rand -base64 32)',
      });
    }
    if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'required in HTTP mode (Basic Information → App Credentials → Signing Secret); or set SLACK_APP_TOKEN for Socket Mode',
      });
    }
    for (const name of ['NUDGE_FIRST_AFTER', 'NUDGE_EVERY'] as const) {
      if (env.NODE_ENV !== 'test' && env[name] < NUDGE_CADENCE_FLOOR.ms) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `must be at least ${NUDGE_CADENCE_FLOOR.text} (a shorter cadence would DM people every few seconds; shorter values only with NODE_ENV=test)`,
        });
      }
    }
    if (env.NODE_ENV === 'production' && !env.AUDIT_HMAC_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIT_HMAC_KEY'],
        message:
          'required in production: the secret that signs the audit trail (openssl rand -base64 32), kept outside the database',
      });
    }
    if (env.PURGATORY_AFTER <= env.PURGATORY_WARN_AFTER) {
      ctx.addIssue({ code: 'custom', path: ['PURGATORY_AFTER'], message: 'must be longer than PURGATORY_WARN_AFTER' });
    }
  });
export type SettingsEnv = z.output<typeof SettingsEnv>;

/** Every environment variable PilotGate reads (deploy files and docs are checked against it). */
export const SETTING_NAMES: readonly string[] = Object.keys(SettingsEnv.shape);
