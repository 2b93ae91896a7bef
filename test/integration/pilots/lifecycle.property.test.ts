/**
 * Property: no sequence of service calls reaches a stage move the lifecycle forbids. 400 seeded runs,
 * each a random sequence of answers, decisions and plan items marked done on one pilot, against the
 * real database. The audit chain is replayed: every stage move is allowed from the stage before it,
 * every decision was possible in the stage it was taken in, a re-review round only opens from gap
 * closure, no answer lands in a round after its decision, and the pilot ends where the chain says.
 */
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Decision, PilotStage, RoleId } from '../../../src/core/catalog.domain.js';
import { ROLE_IDS } from '../../../src/core/catalog.domain.js';
import type { ChainedEvent } from '../../../src/features/audit/audit.domain.js';
import { mayDecideIn, mayMove } from '../../../src/features/pilots/pilot-lifecycle.domain.js';
import { isDomainError } from '../../../src/shared/errors.js';
import { seededRandom } from '../../support/seeded-random.js';
import { PEOPLE, serviceWorld } from '../../support/service-world.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();
const w = serviceWorld('T0PROP');
const RUNS = 400;
const STEPS = 8;

beforeAll(async () => {
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});

/** A DomainError is a refusal the rules allow; anything else is a bug and fails the run. */
const refusedOk = (p: Promise<unknown>) =>
  p.then(
    () => true,
    (e: unknown) => {
      if (isDomainError(e)) return false;
      throw e;
    },
  );

type Action = (reviewId: string) => Promise<unknown>;

function actions(rnd: () => number): Action[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const answer: Action = async (reviewId) => {
    const role: RoleId = pick(ROLE_IDS);
    const value = pick(['confirmed', 'conditional', 'failed'] as const);
    const over: Record<RoleId, Record<string, string>> = {
      executive_sponsor: { kpi_assessment: value },
      operational_lead: { adoption_assessment: value },
      technology_lead: { data_assessment: value },
      governance_lead: { governance_assessment: value },
      change_lead: { adoption_assessment: value },
    };
    const answers = w.answersOf(role, over[role]);
    await refusedOk(
      w.services.questionnaires.submit({ teamId: w.team, reviewId, role, userId: PEOPLE[role], answers }),
    );
    await w.services.reviews.recompute(w.team, reviewId, 'U1');
  };
  const answerAll =
    (conditional: boolean): Action =>
    async (reviewId) => {
      const review = await w.repos.reviews.byId(w.team, reviewId);
      if (review && review.decidedRound < review.round)
        await w.answerAllStored(reviewId, conditional ? w.CONDITIONAL : {});
    };
  const decide: Action = async (reviewId) => {
    const decision: Decision = pick(['proceed', 'gap_closure', 'pause', 'terminate'] as const);
    const d = { decision, reason: 'Because', monitoring: w.GOOD_MONITORING };
    await refusedOk(w.decide(reviewId, decision === 'gap_closure' ? d : { ...d, planItems: [] }));
  };
  const markDone: Action = async (reviewId) => {
    for (const item of await w.repos.reviews.planItems(w.team, reviewId)) {
      const done = await w.services.gapClosure.markDone(w.team, item.id, item.ownerId);
      await w.services.gapClosure.afterDone(done, item.ownerId);
    }
  };
  // Weighted towards the moves that change stages: decisions and plans completed.
  return [answer, answerAll(true), answerAll(rnd() < 0.5), decide, decide, decide, markDone, markDone];
}

/** Replays the chain; returns the stage it ends in, failing on the first move the machine forbids. */
function replay(events: ChainedEvent[], run: number): PilotStage {
  let stage: PilotStage = 'registered';
  const decidedRounds = new Set<number>();
  let round = 1;
  for (const [i, e] of events.entries()) {
    const where = `run ${run}, event #${e.seq} ${e.type}`;
    if (e.type === 'stage.changed') {
      expect(e.before, where).toBe(stage);
      expect(mayMove(stage, e.after as PilotStage), `${where}: ${stage} → ${e.after}`).toBe(true);
      stage = e.after as PilotStage;
    }
    if (e.type === 'decision.recorded') {
      const { decision, round: r } = e.after as { decision: Decision; round: number };
      expect(mayDecideIn(stage, decision), `${where}: ${decision} while ${stage}`).toBe(true);
      decidedRounds.add(r);
    }
    if (e.type === 'round.started') {
      // The round's stage move back to review follows it; the pilot was in gap closure.
      expect(stage, `${where}: round opened while ${stage}`).toBe('pre_production');
      expect(events[i + 1]?.type, where).toBe('stage.changed');
      round = (e.after as { round: number }).round;
    }
    if (e.type === 'answer.submitted') expect(decidedRounds.has(round), `${where}: answer after decision`).toBe(false);
  }
  return stage;
}

describe('lifecycle property (seeded)', () => {
  it(`no sequence of service calls reaches a forbidden transition (${RUNS} runs)`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const rnd = seededRandom(0x5eed + run);
      const all = actions(rnd);
      const { pilot, reviewId } = await w.openPilot(`Property ${run}`);
      for (let step = 0; step < STEPS; step++) {
        w.clock.advance(1_000);
        await all[Math.floor(rnd() * all.length)]!(reviewId);
      }
      const events = await w.repos.audit.forReview(w.team, reviewId);
      const stage = replay(events, run);
      expect((await w.repos.pilots.byId(w.team, pilot.id))?.stage, `run ${run}`).toBe(stage);
    }
  }, 600_000);
});
