import type { Logger } from '../../shared/logger.js';
import type { AuditRepo } from '../audit/audit.repo.js';
import type { PilotRepo } from '../pilots/pilot.repo.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { appendMissing } from '../reviews/follow-up-audit.js';
import type { ReviewRepo } from '../reviews/review.repo.js';
import type { DecisionFollowUp } from '../reviews/review.types.js';
import { decisionEvents, stageExtra } from './decision-follow-up.domain.js';

export interface FollowUpPorts {
  pilots: PilotRepo;
  reviews: ReviewRepo;
  audit: AuditRepo;
  logger: Logger;
}

/**
 * A decision's follow-up steps stall this long before someone else (a later decision, the repair
 * job) takes them over; a younger marker may still be running.
 */
export const DECISION_STALLED_AFTER_MS = 10_000;

/**
 * Runs a recorded decision's pending steps in order (plan items, stage move, audit events), then
 * removes the marker. `repeat`: an earlier run may have done some of them, so the audit chain is read
 * and events already in it are not appended again. Returns the pilot as it is afterwards.
 */
export async function runDecisionFollowUp(
  p: FollowUpPorts,
  teamId: string,
  reviewId: string,
  f: DecisionFollowUp,
  repeat: boolean,
): Promise<Pilot | null> {
  await p.reviews.putPlanItems(f.planItems);
  const { pilot, moved } = await moveStage(p, teamId, f);
  const base = { teamId, reviewId, at: new Date(f.decision.at), actor: f.decision.by };
  await appendMissing(
    p.audit,
    decisionEvents(f, moved).map((e) => ({ ...base, ...e })),
    repeat,
  );
  await p.reviews.clearDecisionFollowUp(teamId, reviewId, f.n);
  return pilot;
}

/** Compare-and-set from the stage read at decision time; a repeat finds the move already made. */
async function moveStage(p: FollowUpPorts, teamId: string, f: DecisionFollowUp) {
  const extra = stageExtra(f.decision, f.monitoringPlan);
  const moved = await p.pilots.setStage(teamId, f.pilotId, f.stage.from, f.stage.to, extra);
  if (moved) return { pilot: moved, moved: true };
  const pilot = await p.pilots.byId(teamId, f.pilotId);
  if (pilot?.stage === f.stage.to) return { pilot, moved: true };
  p.logger.warn({ teamId, pilotId: f.pilotId, stage: pilot?.stage, expected: f.stage }, 'stage changed since decision');
  return { pilot, moved: false };
}
