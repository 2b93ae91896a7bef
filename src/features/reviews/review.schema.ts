import { z } from 'zod';
import { ROLE_IDS, type RoleId, SIGNAL_IDS } from '../../core/catalog.domain.js';
import { storedObject, storedObjects } from '../../db/entity-fields.js';
import type {
  AnswerFacts,
  DecisionFollowUp,
  Outcome,
  PlanItem,
  RecordedDecision,
  Review,
  ReviewRound,
  RoundFollowUp,
  StoredSignalStatus,
} from './review.types.js';

const OUTCOMES = ['collecting', 'proceed', 'continue_pre_production', 'pause'] as const satisfies readonly Outcome[];

/**
 * A review as read from the database (every ReviewRepo read passes through it). The statuses, decisions
 * and follow-up markers are the repository's own writes, checked for being objects; unknown fields pass on.
 */
export const reviewEntity: z.ZodType<Review> = z.looseObject({
  id: z.string(),
  teamId: z.string(),
  pilotId: z.string(),
  manifestVersion: z.string(),
  round: z.number(),
  rounds: storedObjects<ReviewRound>(),
  statuses: storedObjects<StoredSignalStatus>(),
  outcome: z.enum(OUTCOMES),
  answeredRoles: z.array(z.enum(ROLE_IDS)),
  answerSeq: z.number(),
  snapshotSeq: z.number(),
  decisions: storedObjects<RecordedDecision>(),
  decidedRound: z.number(),
  decisionCount: z.number(),
  // Checked for being an object only: a card being posted can be stored without its ts yet.
  card: storedObject<{ channel: string; ts: string }>().optional(),
  openedAt: z.date(),
  lastActivityAt: z.date(),
  decidedAt: z.date().optional(),
  decisionFollowUp: storedObject<DecisionFollowUp>().optional(),
  roundFollowUp: storedObject<RoundFollowUp>().optional(),
  openFollowUp: storedObject<{ actor: string; at: Date; claimedAt: Date }>().optional(),
  answerFacts: storedObject<AnswerFacts>().optional(),
  confirmations: storedObject<Partial<Record<RoleId, Date>>>().optional(),
  reconfirmAsked: storedObject<Partial<Record<RoleId, Date>>>().optional(),
  reaffirmAudit: storedObject<NonNullable<Review['reaffirmAudit']>>().optional(),
});

/** A plan item as read from the database (every PlanItemRepo read passes through it). */
export const planItemEntity: z.ZodType<PlanItem> = z.looseObject({
  id: z.string(),
  teamId: z.string(),
  reviewId: z.string(),
  pilotId: z.string(),
  round: z.number(),
  signal: z.enum(SIGNAL_IDS),
  action: z.string(),
  ownerId: z.string(),
  dueDate: z.string(),
  investment: z.number().optional(),
  doneAt: z.date().optional(),
  doneBy: z.string().optional(),
  doneAuditPending: z.boolean().optional(),
  roundCheckAt: z.date().optional(),
});
