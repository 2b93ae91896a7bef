import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { evidenceKey } from '../../../src/core/evidence.domain.js';
import { PEOPLE, serviceWorld } from '../../support/service-world.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const w = serviceWorld('T0EVID');
const TEAM = w.team;
const { reviews } = w.repos;
const { decisions, reviewDetails } = w.services;

const dpia = { kind: 'file' as const, title: 'DPIA v3.pdf', url: 'https://acme.slack.com/files/U4/F0DPIA/dpia.pdf' };

beforeAll(async () => {
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});

describe('the decision modal and Details read evidence from the answers that count', () => {
  it('shows the governance lead’s file under governance, and no evidence elsewhere', async () => {
    const { reviewId } = await w.openPilot('Evidence reads');
    await w.answerAllStored(reviewId);
    await reviews.saveAnswer({
      teamId: TEAM,
      reviewId,
      round: 1,
      role: 'governance_lead',
      userId: PEOPLE.governance_lead,
      answers: { ...w.answersOf('governance_lead'), [evidenceKey('governance')]: [dpia] },
      submittedAt: w.clock.now(),
    });
    const shown = [{ ...dpia, roles: ['governance_lead'] }];
    const ctx = await decisions.prepare(TEAM, reviewId, PEOPLE.executive_sponsor);
    expect(ctx.evidence.governance).toEqual(shown);
    expect(ctx.evidence.kpi_validation).toEqual([]);
    const details = await reviewDetails.details(TEAM, reviewId, PEOPLE.executive_sponsor);
    expect(details.evidence?.governance).toEqual(shown);
  });
});
