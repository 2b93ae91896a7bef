import type { ChainedEvent } from './audit.domain.js';
import type { AuditRepo } from './audit.repo.js';

/**
 * Events about a whole workspace (a pilot deleted, …) rather than one review: their own hash chain,
 * keyed `workspace:<teamId>` in the review-id slot, so AuditRepo's append and chain checks apply as is.
 */
export const workspaceChainId = (teamId: string): string => `workspace:${teamId}`;

export function appendWorkspaceEvent(
  audit: AuditRepo,
  event: { teamId: string; at: Date; actor: string; type: string; subject: string; before: unknown; after: unknown },
): Promise<ChainedEvent> {
  return audit.append({ ...event, reviewId: workspaceChainId(event.teamId) });
}
