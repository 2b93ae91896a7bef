import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_KEY_FILE, resolveAuditKey } from '../../../../src/features/audit/audit-key.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
const tempDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pilotgate-audit-key-'));
  dirs.push(dir);
  return dir;
};

describe('resolveAuditKey', () => {
  it('uses AUDIT_HMAC_KEY when set and writes nothing', async () => {
    const dataDir = await tempDir();
    expect(resolveAuditKey({ auditHmacKey: 'k'.repeat(40), dataDir })).toBe('k'.repeat(40));
    await expect(stat(path.join(dataDir, AUDIT_KEY_FILE))).rejects.toThrow();
  });

  it('generates a random owner-only key into the data folder once and reuses it', async () => {
    const dataDir = path.join(await tempDir(), 'nested');
    const first = resolveAuditKey({ dataDir });
    expect(first).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect((await stat(path.join(dataDir, AUDIT_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(resolveAuditKey({ dataDir })).toBe(first);
    expect(resolveAuditKey({ dataDir: await tempDir() })).not.toBe(first);
  });
});
