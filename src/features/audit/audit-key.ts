import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const AUDIT_KEY_FILE = 'audit-hmac.key';

/** The key generated into the data folder earlier, or undefined when there is none. */
export function readAuditKeyFile(dataDir: string): string | undefined {
  const file = path.join(dataDir, AUDIT_KEY_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/**
 * The audit key: AUDIT_HMAC_KEY when set (required in production), else for local use a random key
 * generated once into the data folder (owner-only, 0600) and reused on every start, so the trails
 * written yesterday still verify today.
 */
export function resolveAuditKey(settings: { auditHmacKey?: string; dataDir: string }): string {
  if (settings.auditHmacKey) return settings.auditHmacKey;
  const existing = readAuditKeyFile(settings.dataDir);
  if (existing) return existing;
  mkdirSync(settings.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  // `wx`: two processes starting at once cannot both write a key; the loser reads the winner's.
  try {
    writeFileSync(path.join(settings.dataDir, AUDIT_KEY_FILE), `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    const winner = readAuditKeyFile(settings.dataDir);
    if (!winner)
      throw new Error(`${path.join(settings.dataDir, AUDIT_KEY_FILE)} is empty; delete it or set AUDIT_HMAC_KEY`);
    return winner;
  }
  return key;
}
