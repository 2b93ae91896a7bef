import type { RoleId } from '../../core/catalog.domain.js';

/** What the visibility rule needs of a pilot. */
export interface VisibilityPilot {
  channelId: string;
  /** Whether the pilot's channel is private; undefined for pilots registered before it was stored. */
  channelPrivate?: boolean;
  stakeholders: Partial<Record<RoleId, string>>;
  deputies?: Partial<Record<RoleId, string>>;
  createdBy?: string;
}

export interface Viewer {
  userId: string;
  isGateAdmin: boolean;
}

/**
 * People who see a pilot whatever its channel: its stakeholders and their deputies, whoever
 * registered it, and the workspace's gate admins. Answers without asking Slack anything.
 */
export function isPilotInsider(pilot: VisibilityPilot, viewer: Viewer): boolean {
  if (!viewer.userId) return false;
  if (viewer.isGateAdmin || pilot.createdBy === viewer.userId) return true;
  const people = [...Object.values(pilot.stakeholders), ...Object.values(pilot.deputies ?? {})];
  return people.includes(viewer.userId);
}

/**
 * Who sees a pilot: everyone in the workspace when its channel is public;
 * when it is private only insiders (isPilotInsider) and members of that channel. A private channel's
 * pilots stay out of every surface (status, list, Details, Home portfolio, digest) for anyone else.
 */
export function canSeePilot(
  pilot: VisibilityPilot,
  viewer: Viewer,
  channel: { isPrivate: boolean; hasMember: (userId: string) => boolean },
): boolean {
  if (!channel.isPrivate || isPilotInsider(pilot, viewer)) return true;
  return channel.hasMember(viewer.userId);
}
