/**
 * A repository whose collections hold one workspace's documents (each has `teamId`): the workspace
 * purge deletes through it, so every collection's deletes stay with its owner.
 */
export interface TeamDataOwner {
  /** Deletes every document of `teamId` from the collections it owns; how many, by collection name. */
  deleteTeam(teamId: string): Promise<Record<string, number>>;
}
