import type { SignalId } from '../../core/catalog.domain.js';
import type { PlanItem } from './review.types.js';

/**
 * The plan_items collection as the other features see it (PlanItemRepo implements it). Every method is
 * scoped by workspace; ids that do not parse match nothing.
 */
export interface PlanItemStore {
  /** Stores items under the ids they already have; an item stored before is left as it is (idempotent). */
  putPlanItems(items: PlanItem[]): Promise<void>;
  /** Inserts new items, giving each an id. */
  addPlanItems(items: Omit<PlanItem, 'id'>[]): Promise<PlanItem[]>;
  /** A review's items, earliest due first. */
  planItems(teamId: string, reviewId: string): Promise<PlanItem[]>;
  /** One item, or null. */
  planItem(teamId: string, id: string): Promise<PlanItem | null>;
  /** Marks an item done once (with its audit and round-check markers); null when it was already done. */
  markPlanItemDone(teamId: string, id: string, userId: string, now: Date): Promise<PlanItem | null>;
  /** The item's `plan_item.done` event is in the chain: clear its pending mark. */
  planItemAudited(teamId: string, id: string): Promise<void>;
  /** Takes over a done item's round check stalled since `staleBefore`: true for exactly one caller. */
  claimRoundCheck(teamId: string, id: string, staleBefore: Date, now: Date): Promise<boolean>;
  /** The done item's round was checked: clear its marker. */
  roundChecked(teamId: string, id: string): Promise<void>;
}

/** An open item as the purgatory scan reads it. */
export interface OpenItemDueDate {
  pilotId: string;
  dueDate: string;
}

/** An open item as the weekly digest reads it. */
export interface OpenItemRow {
  pilotId: string;
  signal: SignalId;
  action: string;
  ownerId: string;
  dueDate: string;
}

/** An open item due by a date, across workspaces (plan reminders). */
export interface DueItem extends OpenItemRow {
  id: string;
  teamId: string;
}

/** The plan_items collection as the sweeps and the Home tab read it (fixed projections and batch sizes). */
export interface PlanItemSweeps {
  /** Items `ownerId` still has to do in the workspace, earliest due first (at most 200; one query). */
  openOfOwner(teamId: string, ownerId: string): Promise<PlanItem[]>;
  /** Everyone who owns an item of the review. */
  ownersOf(teamId: string, reviewId: string): Promise<string[]>;
  /** Open items due on or before `lastDueDate` in every workspace, earliest due first. */
  openDueBy(lastDueDate: string): Promise<DueItem[]>;
  /** Streams the workspace's open items' due dates (batches of 1,000). */
  streamOpenDueDates(teamId: string): AsyncGenerator<OpenItemDueDate>;
  /** The open items' due dates of some reviews (`$in` queries of at most 500 ids). */
  openDueDatesOfReviews(teamId: string, reviewIds: string[]): Promise<OpenItemDueDate[]>;
  /** Streams the workspace's open items earliest due first, as the digest shows them (batches of 1,000). */
  streamOpenRows(teamId: string): AsyncGenerator<OpenItemRow>;
  /** Items marked done whose round check stalled since before `before`, oldest first. */
  doneUnchecked(before: Date, limit?: number): Promise<{ id: string; teamId: string; reviewId: string }[]>;
}
