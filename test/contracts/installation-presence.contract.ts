import { describe, expect, it } from 'vitest';
import type { InstallationPresence } from '../../src/features/install/installation.port.js';

/**
 * What every InstallationPresence answers. `install(facts)` stores an installation and `sawTeam` records
 * that an org-wide one served a team, the ways the app itself comes to have them.
 */
export function describeInstallationPresenceContract(
  name: string,
  make: () => Promise<{
    presence: InstallationPresence;
    install(facts: { teamId?: string; enterpriseId?: string; isEnterpriseInstall: boolean }): Promise<void>;
    sawTeam(teamId: string, enterpriseId: string): Promise<void>;
  }>,
): void {
  describe(`InstallationPresence contract: ${name}`, () => {
    it('a team with its own installation is installed; one without is not', async () => {
      const { presence, install } = await make();
      await install({ teamId: 'T1', isEnterpriseInstall: false });
      expect(await presence.installedFor('T1')).toBe(true);
      expect(await presence.installedFor('T2')).toBe(false);
    });

    it('a team served by an org-wide installation counts once it was seen under it', async () => {
      const { presence, install, sawTeam } = await make();
      await install({ enterpriseId: 'E1', isEnterpriseInstall: true });
      expect(await presence.installedFor('T7')).toBe(false);
      await sawTeam('T7', 'E1');
      expect(await presence.installedFor('T7')).toBe(true);
    });
  });
}
