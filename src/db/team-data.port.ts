/**
 * A repository whose collections hold one workspace's documents (each has `teamId`): the workspace
 * purge deletes through it, so every collection's deletes stay with its owner.
 */
export interface TeamDataOwner {
  /** Deletes every document of `teamId` from the collections it owns; how many, by collection name. */
  deleteTeam(teamId: string): Promise<Record<string, number>>;
}

/** One pilot's documents, as the pilot delete names them: the pilot, and its reviews by id. */
export interface PilotRef {
  teamId: string;
  pilotId: string;
  reviewIds: string[];
}

/**
 * A repository whose collections hold documents of one pilot or its reviews: deleting a pilot counts and
 * deletes through it. Keys of the counts are the pilot delete's (reviews, answers, auditEvents, ...).
 */
export interface PilotDataOwner {
  /** How many of the pilot's documents the owner's collections hold, by kind. */
  countPilotData(ref: PilotRef): Promise<Record<string, number>>;
  /** Deletes them; how many, by kind. */
  deletePilotData(ref: PilotRef): Promise<Record<string, number>>;
}
