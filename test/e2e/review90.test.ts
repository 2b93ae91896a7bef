import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { SIGNAL_IDS } from '../../src/core/catalog.domain.js';
import { calibrationByRole } from '../../src/features/reviews90/review90.domain.js';
import { review90OpenJob } from '../../src/features/reviews90/review90.job.js';
import { Review90Repo } from '../../src/features/reviews90/review90.repo.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll } from '../support/flows/answer.js';
import { cardRef, newReview, openedWith } from '../support/flows/decide.js';
import { CHANNEL } from '../support/flows/register.js';
import { plainTextValue, type StateValues, selectedOption } from '../support/signed-client.js';

const START = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400_000;
const h = useApp({ now: START });
const team = () => h.sim.team.id;
const invitesTo = (user: string) => h.sim.dmsTo(user).filter((m) => m.text.startsWith('Time for the 90-day review'));
const runJob = () => h.server.jobs.runNow(review90OpenJob.name);
const pilotDoc = () =>
  mongoose.connection.collection('pilots').findOne({ teamId: team(), nameKey: 'invoice triage assistant' });

function review90State(over: { lessons?: string; adoption?: string } = {}): StateValues {
  const values: StateValues = {
    'r90.kpi.0.actual': { v: plainTextValue('1.4 days') },
    'r90.kpi.0.realised': { v: selectedOption('partly') },
    'r90.kpi.1.actual': { v: plainTextValue('64%') },
    'r90.kpi.1.realised': { v: selectedOption('yes') },
    'r90.incidents': { v: plainTextValue('One drift alert in week 6, caught by the quality threshold') },
    'r90.lessons': { v: plainTextValue(over.lessons ?? 'Train the second shift before launch') },
  };
  for (const s of SIGNAL_IDS) {
    values[`r90.signal.${s}`] = { v: selectedOption(s === 'user_adoption' ? (over.adoption ?? 'not_held') : 'held') };
  }
  return values;
}

async function openModal(userId: string, pilotId: string) {
  const click = await h.slack.blockAction({ userId, actionId: Ids.review90.openButton, value: pilotId });
  return openedWith(h, click.triggerId);
}

describe('90-day review through Slack', () => {
  it('opens 90 days after proceed, collects the sponsor and ops lead answers, and logs lessons and calibration', async () => {
    const reviewId = await newReview(h, 'Invoice triage assistant');
    await answerAll(h, reviewId);
    const pilotId = String((await pilotDoc())?._id);
    const monitoringPlan = {
      metrics: [{ metric: 'model_output_quality', threshold: 'accuracy below 92% for 3 days' }],
      incidentOwners: 'Decision-makers: <@U0OPSLEAD>',
      capturedAt: START,
      capturedBy: 'U0SPONSOR',
    };
    await h.server.deps.repos.pilots.setStage(team(), pilotId, 'in_review', 'production', {
      productionAt: START,
      monitoringPlan,
    });

    h.clock.advance(89 * DAY);
    await runJob();
    expect(invitesTo('U0SPONSOR')).toEqual([]);

    h.clock.advance(2 * DAY);
    await runJob();
    await runJob();
    expect(invitesTo('U0SPONSOR').map((m) => m.text)).toEqual([
      'Time for the 90-day review of Invoice triage assistant: in production since 2026-11-25, you answer as Sponsor.',
    ]);
    expect(invitesTo('U0OPSLEAD')).toHaveLength(1);
    // The card offers the 90-day review as its next step.
    const gateCard = await cardRef(reviewId);
    const shown = await eventually(() => {
      const m = h.sim.findMessage(gateCard.channel, gateCard.ts);
      return m && JSON.stringify(m.blocks).includes(Ids.review90.openButton) ? m : undefined;
    });
    expect(shown.text).toBe('90-day review due · Invoice triage assistant');

    // Someone else is told who completes it, and gets no form.
    await h.slack.blockAction({ userId: 'U0TECHLEAD', actionId: Ids.review90.openButton, value: pilotId });
    const refusal = await eventually(() =>
      h.sim.responses.find((r) => String(r.body.text).includes('complete the 90-day review')),
    );
    expect(refusal.body.text).toBe(
      'Only the executive sponsor (<@U0SPONSOR>) and the operational lead (<@U0OPSLEAD>) complete the 90-day review of Invoice triage assistant.',
    );

    const opsView = await openModal('U0OPSLEAD', pilotId);
    expect(opsView.callback_id).toBe(Ids.review90.modal);
    expect(JSON.stringify(opsView.blocks)).toContain('accuracy below 92% for 3 days');
    const missing = await h.slack.viewSubmission({
      userId: 'U0OPSLEAD',
      view: {
        id: opsView.id,
        callback_id: Ids.review90.modal,
        private_metadata: opsView.private_metadata,
        state: { values: review90State({ lessons: '' }) },
      },
    });
    expect(missing.json).toEqual({
      response_action: 'errors',
      errors: { 'r90.lessons': 'Write what to change before the next use case' },
    });
    const opsAck = await h.slack.viewSubmission({
      userId: 'U0OPSLEAD',
      view: {
        id: opsView.id,
        callback_id: Ids.review90.modal,
        private_metadata: opsView.private_metadata,
        state: { values: review90State() },
      },
    });
    expect(opsAck.text).toBe('');
    await eventually(() =>
      h.sim.messages
        .get(CHANNEL)
        ?.find((m) => m.text.startsWith('90-day review of Invoice triage assistant by <@U0OPSLEAD>')),
    );
    expect((await pilotDoc())?.stage).toBe('production');

    h.clock.advance(3_600_000);
    const sponsorView = await openModal('U0SPONSOR', pilotId);
    await h.slack.viewSubmission({
      userId: 'U0SPONSOR',
      view: {
        id: sponsorView.id,
        callback_id: Ids.review90.modal,
        private_metadata: sponsorView.private_metadata,
        state: { values: review90State({ adoption: 'held' }) },
      },
    });
    const posted = await eventually(() =>
      h.sim.messages
        .get(CHANNEL)
        ?.find((m) => m.text.startsWith('90-day review of Invoice triage assistant by <@U0SPONSOR>')),
    );
    expect(posted.text).toBe(
      '90-day review of Invoice triage assistant by <@U0SPONSOR>: 1 of 2 KPIs realised, 5 of 5 signals held up. Lessons: Train the second shift before launch',
    );
    expect((await pilotDoc())?.stage).toBe('reviewed_90d');
    const card = await cardRef(reviewId);
    await eventually(() =>
      JSON.stringify(h.sim.messages.get(CHANNEL)?.find((m) => m.ts === card.ts)?.blocks).includes(
        'Production, 90-day review done',
      ),
    );

    // A second submission is refused inline, nothing typed lost.
    const again = await h.slack.viewSubmission({
      userId: 'U0SPONSOR',
      view: {
        id: sponsorView.id,
        callback_id: Ids.review90.modal,
        private_metadata: sponsorView.private_metadata,
        state: { values: review90State() },
      },
    });
    expect((again.json as { errors: Record<string, string> }).errors['r90.lessons']).toMatch(
      /^You submitted the 90-day review of Invoice triage assistant on 2027-02-24/,
    );

    const repo = new Review90Repo();
    const log = await repo.portfolioLog(team());
    expect(log.map((e) => [e.userId, e.lessons])).toEqual([
      ['U0SPONSOR', 'Train the second shift before launch'],
      ['U0OPSLEAD', 'Train the second shift before launch'],
    ]);
    const calibration = calibrationByRole(await repo.calibrationEntries(team()));
    // The ops lead judged user adoption as not holding up; the sponsor judged that it did.
    expect(calibration.change_lead).toEqual({ confirmations: 2, heldUp: 1, rate: 0.5 });
    expect(calibration.governance_lead.rate).toBe(1);
    const events = await h.server.deps.repos.audit.forReview(team(), reviewId);
    expect(events.slice(-3).map((e) => [e.type, e.actor])).toEqual([
      ['review90.submitted', 'U0OPSLEAD'],
      ['review90.submitted', 'U0SPONSOR'],
      ['stage.changed', 'U0SPONSOR'],
    ]);
    expect(h.sim.violations).toEqual([]);
  });
});
