import type { Logger } from '../../shared/logger.js';
import type { AuditTrail } from '../audit/audit.port.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { afterLostMove } from '../pilots/pilot-lifecycle.domain.js';
import { appendMissing } from '../reviews/follow-up-audit.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { DecisionFollowUp } from '../reviews/review.types.js';
import { decisionEvents, stageExtra } from './decision-follow-up.domain.js';

export interface FollowUpPorts {
  pilots: PilotStore;
  reviews: ReviewStore;
  audit: AuditTrail;
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
  const { pilot, moved, from } = await moveStage(p, teamId, reviewId, f);
  const base = { teamId, reviewId, at: new Date(f.decision.at), actor: f.decision.by };
  await appendMissing(
    p.audit,
    decisionEvents({ ...f, stage: { from, to: f.stage.to } }, moved).map((e) => ({ ...base, ...e })),
    repeat,
  );
  await p.reviews.clearDecisionFollowUp(teamId, reviewId, f.n);
  return pilot;
}

/**
 * Compare-and-set from the stage read at decision time; a repeat finds the move already made. When
 * another change landed in between, the lifecycle says whether to move again from there (a pause or
 * terminate) or to keep the stage that landed, which the decision's record then says.
 */
async function moveStage(p: FollowUpPorts, teamId: string, reviewId: string, f: DecisionFollowUp) {
  const extra = stageExtra(f.decision, f.monitoringPlan);
  let from = f.stage.from;
  for (let attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
    const moved = await p.pilots.setStage(teamId, f.pilotId, from, f.stage.to, extra);
    if (moved) return { pilot: moved, moved: true, from };
    const pilot = await p.pilots.byId(teamId, f.pilotId);
    if (!pilot) return { pilot, moved: false, from };
    const next = afterLostMove(pilot.stage, f.stage.to);
    if (next.kind === 'done') return { pilot, moved: true, from };
    if (next.kind === 'kept') {
      p.logger.info(
        { teamId, pilotId: f.pilotId, stage: pilot.stage, expected: f.stage },
        'decision did not move stage',
      );
      await p.reviews.decisionStageKept(teamId, reviewId, f.n, pilot.stage);
      return { pilot, moved: false, from };
    }
    await p.reviews.decisionMovesFrom(teamId, reviewId, f.n, next.from);
    from = next.from;
  }
  throw new Error(`pilot ${f.pilotId}: its stage kept changing during decision ${f.n}'s move`);
}

/** Stage moves retried when other changes keep landing first (each retry follows a real change). */
const MOVE_ATTEMPTS = 3;
