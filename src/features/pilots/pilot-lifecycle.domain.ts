/**
 * The pilot stage machine, the one place that says which stage moves exist:
 * `registered → in_review → (pre_production ↔ in_review) → production → reviewed_90d`, and
 * `paused` / `terminated` from any stage. Services ask it before they move a stage or start a round;
 * the pilot repository refuses any write it forbids.
 */
import {
  DECISION_LABELS,
  type Decision,
  PILOT_STAGES,
  type PilotStage,
  STAGE_LABELS,
} from '../../core/catalog.domain.js';

/** Every stage a stage may move to. A paused pilot waits for the structural gap; only terminate follows. */
export const STAGE_MOVES: Readonly<Record<PilotStage, readonly PilotStage[]>> = {
  registered: ['in_review', 'paused', 'terminated'],
  in_review: ['pre_production', 'production', 'paused', 'terminated'],
  pre_production: ['in_review', 'paused', 'terminated'],
  production: ['reviewed_90d', 'paused', 'terminated'],
  reviewed_90d: ['paused', 'terminated'],
  paused: ['terminated'],
  terminated: [],
};

/** True when the machine allows `from → to`. */
export function mayMove(from: PilotStage, to: PilotStage): boolean {
  return STAGE_MOVES[from].includes(to);
}

/** The stages `to` may be reached from. */
export function stagesInto(to: PilotStage): PilotStage[] {
  return PILOT_STAGES.filter((s) => mayMove(s, to));
}

/** The stage each decision moves a pilot to. */
export const DECISION_STAGE: Readonly<Record<Decision, PilotStage>> = {
  proceed: 'production',
  gap_closure: 'pre_production',
  pause: 'paused',
  terminate: 'terminated',
};

/** True when `decision` may be recorded for a pilot in `stage` (its stage move is allowed). */
export function mayDecideIn(stage: PilotStage, decision: Decision): boolean {
  return mayMove(stage, DECISION_STAGE[decision]);
}

/** A re-review round starts only for a pilot in gap closure; it moves the pilot back to in review. */
export function mayStartRound(stage: PilotStage): boolean {
  return stage === 'pre_production' && mayMove(stage, 'in_review');
}

/** What a decision's stage move does after its compare-and-set found the pilot in `current` instead. */
export type LostMove =
  /** An earlier run of the same steps made the move already. */
  | { kind: 'done' }
  /** Move again, from where the pilot is now. */
  | { kind: 'retry'; from: PilotStage }
  /** The change that landed first wins: the pilot stays in `stage` and the decision says so. */
  | { kind: 'kept'; stage: PilotStage };

/**
 * Another stage change landed between a decision's read and its stage move. A pause or terminate
 * still stops the pilot from wherever it is now, where the machine allows (they may follow any stage);
 * any other move was decided for the stage read, so it loses to the change that landed.
 */
export function afterLostMove(current: PilotStage, to: PilotStage): LostMove {
  if (current === to) return { kind: 'done' };
  const stops = to === 'paused' || to === 'terminated';
  return stops && mayMove(current, to) ? { kind: 'retry', from: current } : { kind: 'kept', stage: current };
}

/** Why a move is refused, in words a person can act on. */
export function refusedMoveText(name: string, from: PilotStage, to: PilotStage): string {
  if (from === 'terminated') return `${name} is terminated; nothing more can change its stage.`;
  if (from === 'paused') return `${name} is paused; it can only be terminated now.`;
  return `${name} is ${STAGE_LABELS[from].toLowerCase()}, so it cannot move to ${STAGE_LABELS[to].toLowerCase()}.`;
}

/** Why `decision` cannot be recorded for a pilot in `stage`. */
export function refusedDecisionText(name: string, stage: PilotStage, decision: Decision): string {
  return `${DECISION_LABELS[decision]} is not possible now: ${refusedMoveText(name, stage, DECISION_STAGE[decision])}`;
}
