import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../../src/config/settings.js';

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
  it('applies SPEC defaults for the cadence', () => {
    const s = loadSettings(base);
    expect(s.cadence.nudgeFirstAfterMs).toBe(2 * 86_400_000);
    expect(s.cadence.nudgeEveryMs).toBe(86_400_000);
    expect(s.cadence.escalateAfterNudges).toBe(3);
    expect(s.cadence.staleAfterMs).toBe(14 * 86_400_000);
    expect(s.cadence.purgatoryWarnAfterMs).toBe(90 * 86_400_000);
    expect(s.cadence.purgatoryAfterMs).toBe(180 * 86_400_000);
    expect(s.cadence.digestCron).toBe('0 9 * * 1');
    expect(s.cadence.quietHours).toEqual({ startMinute: 18 * 60, endMinute: 9 * 60 });
    expect(s.port).toBe(3000);
  });

  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
  ])('accepts the duration %s', (text, ms) => {
    expect(loadSettings({ ...base, NUDGE_EVERY: text }).cadence.nudgeEveryMs).toBe(ms);
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
