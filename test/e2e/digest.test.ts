import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { weeklyDigestJob } from '../../src/features/digests/digest.job.js';
import { useApp } from '../support/app-harness.js';
import { answerAll } from '../support/flows/answer.js';
import { newReview } from '../support/flows/decide.js';

// Wednesday; the default digestCron "0 9 * * 1" next fires on Monday 30 Nov, 09:00 in each sponsor's zone.
const START = new Date('2026-11-25T12:00:00Z');
const h = useApp({ now: START });
const team = () => h.sim.team.id;
const pilotId = async (name: string) =>
  String(
    (await mongoose.connection.collection('pilots').findOne({ teamId: team(), nameKey: name.toLowerCase() }))?._id,
  );
const digestsTo = (user: string) => h.sim.dmsTo(user).filter((m) => m.text.startsWith('Your weekly PilotGate digest'));
const runDigest = () => h.server.jobs.runNow(weeklyDigestJob.name);

describe('weekly digest through Slack', () => {
  it('sends a sponsor with three pilots in three stages one digest at 09:00 their time, and nothing to a sponsor with nothing open', async () => {
    h.sim.setUser('U0SPONSOR', { tz: 'Europe/Berlin' });
    h.sim.setUser('U0RETIRED', { tz: 'Europe/Berlin' });
    const deps = h.server.deps;

    // In review, nobody has answered: late once the two-day answer window has passed.
    await newReview(h, 'Invoice triage assistant');
    // Gap closure with an overdue plan item.
    const claimsReview = await newReview(h, 'Claims summariser');
    await answerAll(h, claimsReview, { technology_lead: 'conditional' });
    const claims = await pilotId('Claims summariser');
    await deps.repos.pilots.setStage(team(), claims, 'in_review', 'pre_production');
    await deps.repos.reviews.addPlanItems([
      {
        teamId: team(),
        reviewId: claimsReview,
        pilotId: claims,
        round: 1,
        signal: 'data_infrastructure',
        action: 'Load test the claims pipeline at production volume',
        ownerId: 'U0TECHLEAD',
        dueDate: '2026-11-28',
      },
    ]);
    // In production.
    const forecastReview = await newReview(h, 'Demand forecast');
    await answerAll(h, forecastReview);
    await deps.repos.pilots.setStage(team(), await pilotId('Demand forecast'), 'in_review', 'production', {
      productionAt: START,
    });
    // Another sponsor whose only pilot is terminated.
    await newReview(h, 'Retired chatbot', { stakeholders: { executive_sponsor: 'U0RETIRED' } });
    await deps.repos.pilots.setStage(team(), await pilotId('Retired chatbot'), 'in_review', 'terminated');

    h.clock.set(new Date('2026-11-30T07:55:00Z'));
    await runDigest();
    expect(digestsTo('U0SPONSOR')).toEqual([]);

    h.clock.set(new Date('2026-11-30T08:02:00Z'));
    await runDigest();
    await runDigest();
    const [digest, ...more] = digestsTo('U0SPONSOR');
    expect(more).toEqual([]);
    expect(digest?.text).toBe(
      'Your weekly PilotGate digest: 3 open pilots — 1 with overdue items, 1 with late answers. Most urgent: Invoice triage assistant.',
    );
    const blocks = JSON.stringify(digest?.blocks);
    expect(blocks).toContain('Your first PilotGate digest.');
    expect(blocks).toContain(
      'Overdue since 2026-11-28: Load test the claims pipeline at production volume (<@U0TECHLEAD>)',
    );
    expect(blocks).toContain('Late: <@U0SPONSOR> (Executive sponsor), <@U0OPSLEAD> (Operational lead), <@U0TECHLEAD>');
    expect(blocks).toContain('🟢 KPIs  🟡 Data  🟡 Governance  🟢 Adoption  🟢 Ownership');
    expect(blocks).toContain('Pilot → production conversion:* 25 % (1 of 4)');
    expect(digestsTo('U0RETIRED')).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });

  it('tells the sponsor next week what changed since the last digest', async () => {
    await h.server.deps.repos.pilots.setStage(team(), await pilotId('Invoice triage assistant'), 'in_review', 'paused');
    h.clock.set(new Date('2026-12-07T08:02:00Z'));
    await runDigest();
    const [digest] = digestsTo('U0SPONSOR');
    expect(digest?.text).toMatch(/^Your weekly PilotGate digest: 2 open pilots\b/);
    expect(JSON.stringify(digest?.blocks)).toContain('Closed since the last digest: Invoice triage assistant (Paused)');
    expect(h.sim.violations).toEqual([]);
  });
});
