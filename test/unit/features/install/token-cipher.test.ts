import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TokenCipher } from '../../../../src/features/install/token-cipher.js';
import { BOT_SCOPES } from '../../../../src/features/install/workspace-auth.js';

const key = (n: number) => Buffer.alloc(32, n).toString('base64');

describe('TokenCipher (AES-256-GCM)', () => {
  it('seals with a fresh IV each time and opens back to the token', () => {
    const cipher = new TokenCipher(key(1));
    const a = cipher.seal('xoxb-secret');
    const b = cipher.seal('xoxb-secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('xoxb');
    expect(cipher.open(a).plain).toBe('xoxb-secret');
  });

  it('refuses a tampered ciphertext', () => {
    const cipher = new TokenCipher(key(1));
    const parts = cipher.seal('xoxb-secret').split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow();
  });

  it('after a rotation opens tokens sealed with the previous key and seals with the new one', () => {
    const old = new TokenCipher(key(1));
    const sealedBefore = old.seal('xoxb-secret');
    const rotated = new TokenCipher(key(2), [key(1)]);
    expect(rotated.isCurrent(sealedBefore)).toBe(false);
    expect(rotated.open(sealedBefore).plain).toBe('xoxb-secret');
    expect(rotated.isCurrent(rotated.seal('xoxb-secret'))).toBe(true);
    expect(() => new TokenCipher(key(3)).open(sealedBefore)).toThrow(/neither TOKEN_ENCRYPTION_KEY nor a previous key/);
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => new TokenCipher(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });

  it('asks on install for exactly the bot scopes of slack-manifest.yml', () => {
    const manifest = parse(readFileSync('slack-manifest.yml', 'utf8')) as {
      oauth_config: { scopes: { bot: string[] } };
    };
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });
});
