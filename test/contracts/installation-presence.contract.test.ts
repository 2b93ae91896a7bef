import { InstallationModel } from '../../src/features/install/installation.model.js';
import { InstallationRepo } from '../../src/features/install/installation.repo.js';
import { TokenCipher } from '../../src/features/install/token-cipher.js';
import { resetDatabase, useTestDatabase } from '../support/test-db.js';
import { describeInstallationPresenceContract } from './installation-presence.contract.js';

useTestDatabase();
const now = new Date('2026-11-25T12:00:00Z');

describeInstallationPresenceContract('InstallationRepo on the test database', async () => {
  await InstallationModel.init();
  await resetDatabase();
  const repo = new InstallationRepo(new TokenCipher(Buffer.alloc(32, 1).toString('base64')));
  return {
    // The presence check needs no key: the app asks it of a repository built without one.
    presence: new InstallationRepo(null),
    install: (facts) => repo.save({ ...facts, botScopes: [], botToken: 'xoxb-contract' }, now),
    // botFor with the enterprise id is how a team gets seen under an org-wide installation.
    sawTeam: async (teamId, enterpriseId) => {
      await repo.botFor(teamId, enterpriseId);
    },
  };
});
