import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError, settingsSecrets } from '../../../src/config/settings.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'secret' };

function problems(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (e) {
    if (e instanceof SettingsError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadSettings', () => {
  it('applies the documented defaults for the cadence', () => {
    const s = loadSettings(base);
    expect(s.cadence.nudgeFirstAfterMs).toBe(2 * 86_400_000);
    expect(s.cadence.nudgeEveryMs).toBe(86_400_000);
    expect(s.cadence.escalateAfterNudges).toBe(3);
    expect(s.cadence.staleAfterMs).toBe(14 * 86_400_000);
    expect(s.cadence.purgatoryWarnAfterMs).toBe(90 * 86_400_000);
    expect(s.cadence.purgatoryAfterMs).toBe(180 * 86_400_000);
    expect(s.cadence.digestCron).toBe('0 9 * * 1');
    expect(s.cadence.confirmationValidForMs).toBe(90 * 86_400_000);
    expect(s.cadence.quietHours).toEqual({ startMinute: 18 * 60, endMinute: 9 * 60 });
    expect(s.port).toBe(3000);
  });

  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
  ])('accepts the duration %s', (text, ms) => {
    // NODE_ENV=test: a nudge cadence below the 1m floor is for tests and demos only.
    expect(loadSettings({ ...base, NODE_ENV: 'test', NUDGE_EVERY: text }).cadence.nudgeEveryMs).toBe(ms);
  });

  it('CONFIRMATION_VALID_FOR sets how long a confirmation counts; a bad one stops start-up naming it', () => {
    expect(loadSettings({ ...base, CONFIRMATION_VALID_FOR: '6w' }).cadence.confirmationValidForMs).toBe(
      6 * 604_800_000,
    );
    expect(problems({ ...base, CONFIRMATION_VALID_FOR: 'quarterly' })).toEqual([
      'CONFIRMATION_VALID_FOR: expected a duration such as 90d (units ms, s, m, h, d, w) (got "quarterly")',
    ]);
  });

  it('empty QUIET_HOURS turns quiet hours off', () => {
    expect(loadSettings({ ...base, QUIET_HOURS: '' }).cadence.quietHours).toBeNull();
  });

  it('names each bad variable on its own line and says what is expected', () => {
    const lines = problems({
      ...base,
      NUDGE_EVERY: 'soon',
      PORT: 'abc',
      QUIET_HOURS: '6pm-9am',
      MONGODB_URI: 'postgres://x',
    });
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith('NUDGE_EVERY:'))).toMatch(/duration such as 1d.*got "soon"/);
    expect(lines.find((l) => l.startsWith('PORT:'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('QUIET_HOURS:'))).toMatch(/HH:MM-HH:MM/);
    expect(lines.find((l) => l.startsWith('MONGODB_URI:'))).toMatch(/mongodb:\/\//);
  });

  it('requires a bot token unless OAuth is fully configured, and never echoes secrets', () => {
    const lines = problems({ SLACK_SIGNING_SECRET: 's' });
    expect(lines).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN: required \(xoxb-…\) unless SLACK_CLIENT_ID/)]);
    const bad = problems({ ...base, SLACK_BOT_TOKEN: 'xoxp-user-token' });
    expect(bad[0]).toMatch(/^SLACK_BOT_TOKEN: expected a bot token starting with xoxb-/);
    expect(bad[0]).not.toContain('xoxp-user-token');
  });

  it('requires the signing secret in HTTP mode but not in Socket Mode', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/^SLACK_SIGNING_SECRET: required in HTTP mode/);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
  });

  it('OAuth needs all three client settings and an encryption key', () => {
    const partial = problems({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'id' });
    expect(partial.some((l) => l.startsWith('SLACK_CLIENT_ID: OAuth install needs all three'))).toBe(true);
    const noKey = problems({
      SLACK_SIGNING_SECRET: 's',
      SLACK_CLIENT_ID: 'a',
      SLACK_CLIENT_SECRET: 'b',
      SLACK_STATE_SECRET: 'c',
    });
    expect(noKey).toEqual([expect.stringMatching(/^TOKEN_ENCRYPTION_KEY: required with OAuth/)]);
  });

  it('rejects a purgatory threshold shorter than the warning threshold', () => {
    expect(problems({ ...base, PURGATORY_WARN_AFTER: '10d', PURGATORY_AFTER: '5d' })[0]).toMatch(
      /^PURGATORY_AFTER: must be longer/,
    );
  });

  it('DIGEST_CRON must be a cron the digest scheduler can run', () => {
    expect(loadSettings({ ...base, DIGEST_CRON: '30 8 * * mon' }).cadence.digestCron).toBe('30 8 * * mon');
    expect(loadSettings({ ...base, DIGEST_CRON: '*/3 * * * * *' }).cadence.digestCron).toBe('*/3 * * * * *');
    for (const bad of ['0 9 * * 8-9', 'every monday 9am', '61 9 * * 1']) {
      expect(problems({ ...base, DIGEST_CRON: bad })[0]).toMatch(
        /^DIGEST_CRON: expected a cron string such as "0 9 \* \* 1" \(minute hour day-of-month month day-of-week\): /,
      );
    }
  });

  it('runs the daily jobs at DAILY_JOBS_AT (UTC, default 06:00) and says what a bad value should be', () => {
    expect(loadSettings(base).dailyJobsAt).toBe('06:00');
    expect(loadSettings({ ...base, DAILY_JOBS_AT: '23:45' }).dailyJobsAt).toBe('23:45');
    expect(problems({ ...base, DAILY_JOBS_AT: '6am' })).toEqual([
      'DAILY_JOBS_AT: expected a UTC time HH:MM such as 06:00 (got "6am")',
    ]);
    expect(problems({ ...base, DAILY_JOBS_AT: '24:00' })[0]).toMatch(/^DAILY_JOBS_AT:/);
  });

  it('honours second-scale job cadences only with NODE_ENV=test or DEMO_CADENCE=on', () => {
    expect(loadSettings(base).secondScaleCadence).toBe(false);
    expect(loadSettings({ ...base, NODE_ENV: 'test' }).secondScaleCadence).toBe(true);
    expect(loadSettings({ ...base, DEMO_CADENCE: 'on' }).secondScaleCadence).toBe(true);
    expect(problems({ ...base, DEMO_CADENCE: 'yes' })[0]).toMatch(/^DEMO_CADENCE: expected on or off/);
  });

  it.each(['NUDGE_FIRST_AFTER', 'NUDGE_EVERY'])('refuses %s below one minute unless NODE_ENV=test', (name) => {
    for (const nodeEnv of ['development', 'production']) {
      const production = { MONGODB_URI: 'mongodb://db:27017/', AUDIT_HMAC_KEY: 'k'.repeat(44) };
      const lines = problems({ ...base, ...production, NODE_ENV: nodeEnv, [name]: '30s' });
      expect(lines).toEqual([
        `${name}: must be at least 1m (a shorter cadence would DM people every few seconds; shorter values only with NODE_ENV=test) (got "30s")`,
      ]);
    }
    expect(problems({ ...base, [name]: '1m' })).toEqual([]);
    expect(problems({ ...base, NODE_ENV: 'test', [name]: '1s' })).toEqual([]);
  });

  describe('MONGODB_URI', () => {
    it.each([
      ['mongodb://', /Protocol and host list are required/],
      ['mongodb://pilotgate:hunter2-secret@', /Protocol and host list are required/],
      ['mongodb://db.internal:port/pilotgate', /Unable to parse/],
      ['mongodb+srv://a.example.net,b.example.net/', /cannot have multiple service names/],
      ['mongodb://db.internal/pilotgate?retryWrites=maybe', /retryWrites must be either "true" or "false"/],
      ['mongodb://db.internal/pilotgate?bogusOption=1', /option bogusoption is not supported/],
    ])('%s stops start-up naming the setting and what is expected', (uri, why) => {
      const lines = problems({ ...base, MONGODB_URI: uri });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^MONGODB_URI: expected mongodb:\/\/\[user:password@\]host\[:port\]\[,host…\]\[\/database\]\[\?options\] or mongodb\+srv:\/\/\[user:password@\]host\[\/database\]\[\?options\]: /,
      );
      expect(lines[0]).toMatch(why);
    });

    it('masks the password when it shows what it got', () => {
      const [line] = problems({ ...base, MONGODB_URI: 'mongodb://pilotgate:hunter2-secret@db.internal:port/pg' });
      expect(line).not.toContain('hunter2-secret');
      expect(line).toContain('(got "mongodb://pilotgate:…@db.internal:port/pg")');
    });

    it('accepts the URIs the driver accepts', () => {
      for (const uri of [
        'mongodb://127.0.0.1:27017/',
        'mongodb://u:p%40ss@a.example.net:27017,b.example.net:27018/pilotgate?replicaSet=rs0&retryWrites=true',
        'mongodb+srv://u:p@cluster0.example.net/pilotgate?retryWrites=true&w=majority',
      ]) {
        expect(loadSettings({ ...base, MONGODB_URI: uri }).mongodbUri).toBe(uri);
      }
    });
  });

  it('lists every secret setting for the log scrubber, the MongoDB password decoded and as written', () => {
    const key = 'q83vEjRWeJq8S9Zm7tEU8c+7hL3zB4x/WnYh1yZ0Pk8=';
    const old = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGw=';
    const s = loadSettings({
      SLACK_BOT_TOKEN: 'xoxb-bot',
      SLACK_SIGNING_SECRET: 'signing',
      SLACK_APP_TOKEN: 'xapp-app',
      SLACK_CLIENT_ID: 'client-id',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret',
      TOKEN_ENCRYPTION_KEY: key,
      TOKEN_ENCRYPTION_KEY_PREVIOUS: old,
      AUDIT_HMAC_KEY: 'audit-hmac-key-of-at-least-32-characters',
      MONGODB_URI: 'mongodb://pg:p%40ss@db.internal/pg',
    });
    expect(settingsSecrets(s).sort()).toEqual(
      [
        'xoxb-bot',
        'signing',
        'xapp-app',
        'client-secret',
        'state-secret',
        key,
        old,
        'audit-hmac-key-of-at-least-32-characters',
        'p%40ss',
        'p@ss',
      ].sort(),
    );
    expect(settingsSecrets(loadSettings(base))).toEqual(['xoxb-1-2-abc', 'secret']);
  });

  it('AUDIT_HMAC_KEY is required in production and must be long enough to be a secret', () => {
    expect(problems({ ...base, NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017' })).toEqual([
      'AUDIT_HMAC_KEY: required in production: the secret that signs the audit trail (openssl rand -base64 32), kept outside the database (not set)',
    ]);
    expect(problems({ ...base, AUDIT_HMAC_KEY: 'short' })).toEqual([
      'AUDIT_HMAC_KEY: expected a secret of at least 32 characters (openssl rand -base64 32) (got "…")',
    ]);
    const key = 'k'.repeat(44);
    expect(loadSettings({ ...base, NODE_ENV: 'production', AUDIT_HMAC_KEY: key }).auditHmacKey).toBe(key);
    expect(loadSettings(base).auditHmacKey).toBeUndefined();
  });
});

describe('metrics and retention settings', () => {
  it('keeps metrics off and data for 30 days unless told otherwise', () => {
    const s = loadSettings(base);
    expect(s.metrics).toEqual({ enabled: false });
    expect(s.uninstallRetentionMs).toBe(30 * 86_400_000);
    const on = loadSettings({
      ...base,
      METRICS: 'on',
      METRICS_TOKEN: 'a-long-scrape-token',
      UNINSTALL_RETENTION: '7d',
    });
    expect(on.metrics).toEqual({ enabled: true, token: 'a-long-scrape-token' });
    expect(on.uninstallRetentionMs).toBe(7 * 86_400_000);
  });

  it('names the variable and what to write for bad values, without echoing the token', () => {
    expect(problems({ ...base, METRICS: 'yes', METRICS_TOKEN: 'short', UNINSTALL_RETENTION: 'soon' })).toEqual([
      'METRICS: expected on or off (got "yes")',
      'METRICS_TOKEN: expected at least 16 characters (got "…")',
      'UNINSTALL_RETENTION: expected a duration such as 30d (units ms, s, m, h, d, w) (got "soon")',
    ]);
  });
});
