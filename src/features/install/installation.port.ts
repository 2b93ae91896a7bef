/** Whether a workspace has an installation, as the other features ask it (InstallationRepo implements it). */
export interface InstallationPresence {
  /** True when the team has an installation: its own, or an org-wide one that served it before. */
  installedFor(teamId: string): Promise<boolean>;
}
