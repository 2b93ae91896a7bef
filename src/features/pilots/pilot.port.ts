import type { PilotStage, RoleId } from '../../core/catalog.domain.js';
import type { ValidRegistration } from './pilot.domain.js';
import type { Pilot, PilotFlag, RoleChangeFollowUp } from './pilot.types.js';
import type { SeparationException } from './separation-of-duties.domain.js';

/** What registering a pilot stores besides the form: where and by whom it was registered. */
export type NewPilot = ValidRegistration & {
  teamId: string;
  enterpriseId?: string;
  channelId: string;
  createdBy: string;
  /** Stored in the same insert as the pilot: a registration passes with its exception or not at all. */
  separationException?: SeparationException;
};

/** A role change as PilotStore.changeRoles writes it. */
export interface RoleChangeWrite {
  /** The roles the change was made against (the form's): it lands only while every role still has that holder. */
  expected: Record<RoleId, string>;
  /** The rolesVersion read with the pilot: a change landing in between, even one back to `expected`, wins. */
  expectedVersion: number | undefined;
  next: Record<RoleId, string>;
  /** The separation-of-duties exception the pilot keeps after the change; null removes it. */
  exception: SeparationException | null;
  /** The marker of the change's later steps (its version and claim time are the write's own). */
  followUp: Omit<RoleChangeFollowUp, 'version' | 'claimedAt'>;
}

/**
 * The pilots collection as the other features see it (PilotRepo implements it; test/support/fakes has an
 * in-memory one). Every method is scoped by workspace: none reaches another team's pilots.
 */
export interface PilotStore {
  /** Stores a new pilot in stage `registered`; a name taken in the workspace (case-insensitively) is a 'conflict' DomainError. */
  create(input: NewPilot): Promise<Pilot>;
  /** The pilot, or null for an unknown or unparseable id or another workspace's pilot. */
  byId(teamId: string, id: string): Promise<Pilot | null>;
  /** The pilot whose folded name is `nameKey` (see pilotNameKey), or null. */
  byNameKey(teamId: string, nameKey: string): Promise<Pilot | null>;
  /** Up to `perSide` pilots on each side of `nameKey` in name order, for "did you mean" suggestions. */
  nearNameKey(teamId: string, nameKey: string, perSide: number): Promise<Pilot[]>;
  /** The workspace's pilots (of one channel with `channelId`), newest first. */
  listForTeam(teamId: string, filter?: { channelId?: string }): Promise<Pilot[]>;
  /**
   * Moves the stage from `from` to `to` only while it is still `from` (compare-and-set), setting `extra` in
   * the same write; null when the stage changed since. A move the lifecycle forbids throws before writing.
   */
  setStage(
    teamId: string,
    id: string,
    from: PilotStage,
    to: PilotStage,
    extra?: Record<string, unknown>,
  ): Promise<Pilot | null>;
  /** Replaces the pilot's purgatory flags (and sets `extra`) in one write. */
  setFlags(teamId: string, id: string, flags: PilotFlag[], extra?: Record<string, unknown>): Promise<void>;
  /** Something that feeds the purgatory flags changed: the next daily scan looks at this pilot. */
  markForScan(teamId: string, id: string, now: Date): Promise<void>;
  /**
   * Reassigns roles in one write, as a compare-and-set on the roles and their version: the new holders,
   * the exception, rolesVersion one up and the follow-up marker of that version (claimed from `followUp.at`).
   * The pilot after the write, or null when its roles changed since they were read (nothing written).
   */
  changeRoles(teamId: string, id: string, change: RoleChangeWrite): Promise<Pilot | null>;
  /** Takes over role change `version`'s steps when nobody claimed them since `staleBefore`: true for one caller. */
  claimRoleChange(teamId: string, id: string, version: number, staleBefore: Date, now: Date): Promise<boolean>;
  /** Role change `version`'s steps all ran: remove its marker (never a later change's). */
  clearRoleChange(teamId: string, id: string, version: number): Promise<void>;
  /** Sets fields of the pilot; the pilot after the write, or null when there is no such pilot. */
  update(teamId: string, id: string, set: Record<string, unknown>): Promise<Pilot | null>;
}

/** What the purgatory scan reads of a pilot (a projection: no KPIs, criteria or monitoring plan). */
export interface ScanPilot {
  id: string;
  teamId: string;
  channelId: string;
  name: string;
  stage: PilotStage;
  plannedKpiValidationDate: string;
  promisingAt?: Date | null;
  decisionDueAt?: Date | null;
  flags: PilotFlag[];
  sponsorId?: string;
  scanDueOn?: string;
  scanMarkedAt?: Date | null;
  scanBucket?: string;
}

/** One pilot's new flags and scan bookkeeping, written by the scan. */
export interface FlagWrite {
  teamId: string;
  pilotId: string;
  /** The stage the scan saw: a pilot decided meanwhile is left alone (compare-and-set). */
  stage: PilotStage;
  flags: PilotFlag[];
  promisingAt?: Date;
  decisionDueAt?: Date;
  scanDueOn: string;
  scanBucket: string;
  /** The change mark the scan saw: a pilot marked again meanwhile keeps its mark (compare-and-set). */
  scanMarkedAt: Date | null;
}

/** What the weekly digest reads of a pilot (a projection). */
export interface PortfolioPilotRow {
  id: string;
  name: string;
  channelId: string;
  channelPrivate?: boolean;
  deputies?: Partial<Record<RoleId, string>>;
  createdBy?: string;
  stage: PilotStage;
  stakeholders: Partial<Record<RoleId, string>>;
  flags: Pick<PilotFlag, 'kind' | 'detail'>[];
  decisionDueAt?: Date | null;
  /** When it entered its current stage (its registration if it never moved). */
  stageSince?: Date | null;
}

/**
 * The pilots collection as the scheduled sweeps read it (purgatory scan, digests, reminders, 90-day
 * reviews, nudges, repair, workspace purge): bulk reads with fixed projections and batch sizes.
 */
export interface PilotSweeps {
  /**
   * Stores a channel's privacy on every pilot of that channel (one updateMany; each pilot's write is its own
   * and rewriting the same value is harmless), so a channel is asked of Slack once, not once per pilot.
   */
  storeChannelPrivacy(teamId: string, channelId: string, channelPrivate: boolean): Promise<void>;
  /** Every workspace that has a pilot. */
  teamIds(): Promise<string[]>;
  /** Every workspace that has a pilot in `stage`. */
  teamIdsInStage(stage: PilotStage): Promise<string[]>;
  /** Streams a workspace's pilots with only the fields the scan reads (batches of 1,000). */
  streamScanRows(teamId: string): AsyncGenerator<ScanPilot>;
  /**
   * Streams the pilots a scan after `days` must look at (due on one of those days, marked changed, or in
   * `bucket`), each once, in batches of 1,000: the scan's own writes move pilots off their due day mid-stream.
   */
  streamDueForScan(teamId: string, days: string[], bucket: string): AsyncGenerator<ScanPilot>;
  /** The scan's flag writes as unordered bulk writes; pilots given the same update share one updateMany. */
  writeScanFlags(writes: FlagWrite[]): Promise<void>;
  /** A workspace's pilots with what the digest shows of them, streamed in batches of 1,000. */
  portfolioRows(teamId: string): Promise<PortfolioPilotRow[]>;
  /** Names and stages of some pilots of one workspace, by id (one query). */
  namesAndStages(teamId: string, ids: string[]): Promise<Map<string, { name: string; stage: PilotStage }>>;
  /** Production pilots of a workspace that went live at or before `liveBefore`. */
  productionLiveBefore(teamId: string, liveBefore: Date): Promise<{ id: string; productionAt: Date }[]>;
  /** Registered pilots created before `before`, oldest first (the repair job checks which have no review). */
  registeredBefore(before: Date, limit?: number): Promise<Pilot[]>;
  /** Pilots whose role change's steps nobody claimed since `before`, oldest first, across every workspace. */
  roleChangesStalled(before: Date, limit?: number): Promise<{ id: string; teamId: string }[]>;
  /** Up to `limit` pilots in `stages` across every workspace, in id order after `afterId` (a page of a sweep). */
  pageInStages(stages: PilotStage[], afterId: string | null, limit: number): Promise<Pilot[]>;
}
