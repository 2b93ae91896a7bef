import mongoose from 'mongoose';
import { beforeEach, describe, expect, it } from 'vitest';
import { InstallationRepo } from '../../../src/features/install/installation.repo.js';
import { TokenCipher } from '../../../src/features/install/token-cipher.js';
import { resetDatabase, useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
const key = (n: number) => Buffer.alloc(32, n).toString('base64');
const now = new Date('2026-11-25T12:00:00Z');
const raw = () => mongoose.connection.collection('installations');

describe('InstallationRepo', () => {
  beforeEach(async () => {
    await resetDatabase();
    const { InstallationModel } = await import('../../../src/features/install/installation.model.js');
    await InstallationModel.init();
  });

  it('keeps one installation per enterprise and team: a reinstall replaces the token', async () => {
    const repo = new InstallationRepo(new TokenCipher(key(1)));
    const base = { teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: false, botScopes: ['commands'] };
    await repo.save({ ...base, botToken: 'xoxb-first' }, now);
    await repo.save({ ...base, botToken: 'xoxb-second' }, now);
    expect(await raw().countDocuments()).toBe(1);
    expect((await repo.botFor('T1'))?.token).toBe('xoxb-second');
    expect(JSON.stringify(await raw().findOne())).not.toContain('xoxb-second');
  });

  it('serves every team of an Enterprise Grid org from an org-wide install', async () => {
    const repo = new InstallationRepo(new TokenCipher(key(1)));
    await repo.save({ enterpriseId: 'E9', isEnterpriseInstall: true, botScopes: [], botToken: 'xoxb-org' }, now);
    expect(await repo.botFor('T7')).toBeNull();
    expect(await repo.botFor('T7', 'E9')).toMatchObject({ token: 'xoxb-org', teamId: 'T7', enterpriseId: 'E9' });
    // A job that knows only the team id finds the org install once the team was seen under it.
    repo.forget();
    expect((await repo.botFor('T7'))?.token).toBe('xoxb-org');
    expect(await repo.remove('T7')).toBe(1);
    expect(await repo.botFor('T7', 'E9')).toBeNull();
  });

  it('re-seals tokens with the current key after a rotation', async () => {
    await new InstallationRepo(new TokenCipher(key(1))).save(
      { teamId: 'T1', isEnterpriseInstall: false, botScopes: [], botToken: 'xoxb-rotate-me' },
      now,
    );
    const before = (await raw().findOne())?.sealedBotToken as string;
    const rotatedCipher = new TokenCipher(key(2), [key(1)]);
    const rotated = new InstallationRepo(rotatedCipher);
    expect(await rotated.resealAll()).toBe(1);
    const after = (await raw().findOne())?.sealedBotToken as string;
    expect(after).not.toBe(before);
    expect(rotatedCipher.isCurrent(after)).toBe(true);
    expect((await new InstallationRepo(new TokenCipher(key(2))).botFor('T1'))?.token).toBe('xoxb-rotate-me');
  });
});
