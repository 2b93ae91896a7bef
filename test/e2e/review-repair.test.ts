import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { REPAIR_GRACE_MS } from '../../src/features/reviews/review-repair.domain.js';
import { eventually, useApp } from '../support/app-harness.js';
import { reviewIdOf, validAnswers } from '../support/flows/answer.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z'), env: { JOBS: 'off' } });
const reviews = () => mongoose.connection.collection('reviews');
const later = () => h.clock.advance(REPAIR_GRACE_MS + 1000);

describe('crash between saving and posting: the repair job catches up', () => {
  it('posts the card of a review whose card post failed', async () => {
    h.sim.inject('chat.postMessage', { error: 'channel_not_found', times: 1 });
    await registerPilot(h, { name: 'Card lost' });
    const review = await eventually(() => reviews().findOne({ 'card.ts': { $exists: false } }));
    expect(h.sim.lastMessageIn(CHANNEL)).toBeUndefined();
    later();
    await h.server.jobs?.runNow('reviews.repair');
    const card = await eventually(() => h.sim.lastMessageIn(CHANNEL));
    expect(card.text).toBe('Gate review opened — 0 of 5 answered · Card lost');
    // The card ts is stored right after the post returns; wait for that write too.
    await eventually(async () => (await reviews().findOne({ _id: review._id }))?.card?.ts === card.ts);
    expect(h.sim.violations).toEqual([]);
  });

  it('backs off per review: a card that can never be posted is not retried every run', async () => {
    h.sim.inject('chat.postMessage', { error: 'channel_not_found', times: 100 });
    await registerPilot(h, { name: 'Card never posts' });
    const review = await eventually(() => reviews().findOne({ 'card.ts': { $exists: false } }));
    const attempts = () => h.sim.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL).length;
    await eventually(() => attempts() > 0); // the opening's own attempt
    // The opening's later steps (invites) finish before its marker goes; only then is it the card alone.
    await eventually(async () => !(await reviews().findOne({ _id: review._id }))?.openFollowUp);
    const before = attempts();
    later();
    await h.server.jobs?.runNow('reviews.repair');
    expect(attempts()).toBe(before + 1);
    // The next minute's runs leave it alone (it waits a minute after one failure, two after two …).
    h.clock.advance(30_000);
    await h.server.jobs?.runNow('reviews.repair');
    await h.server.jobs?.runNow('reviews.repair');
    expect(attempts()).toBe(before + 1);
    h.clock.advance(31_000);
    await h.server.jobs?.runNow('reviews.repair');
    expect(attempts()).toBe(before + 2);
    h.clock.advance(61_000);
    await h.server.jobs?.runNow('reviews.repair');
    expect(attempts()).toBe(before + 2);
    h.sim.clearInjections();
    expect((await reviews().findOne({ _id: review._id }))?.repair?.failures).toBe(2);
  });

  it('opens the review of a pilot saved without one, once, however often the job runs', async () => {
    // Mongoose stamps createdAt with the real clock; start the app's clock there too.
    h.clock.set(new Date());
    const deps = h.server.deps;
    const pilot = await deps.services.pilots.register({
      teamId: h.sim.team.id,
      channelId: CHANNEL,
      userId: STAKEHOLDERS.executive_sponsor,
      today: '2026-11-25',
      draft: {
        name: 'Half saved',
        useCase: '',
        businessUnit: '',
        plannedKpiValidationDate: '2027-02-01',
        kpisText: 'Cycle time | 4 days | 1 day',
        killCriteria: 'k',
        scaleCriteria: 's',
        regulated: false,
        stakeholders: { ...STAKEHOLDERS },
      },
    });
    await h.server.jobs?.runNow('reviews.repair');
    expect(await reviews().countDocuments({ pilotId: pilot.id })).toBe(0);
    later();
    await Promise.all([h.server.jobs?.runNow('reviews.repair'), h.server.jobs?.runNow('reviews.repair')]);
    expect(await reviews().countDocuments({ pilotId: pilot.id })).toBe(1);
    const card = await eventually(() =>
      (h.sim.messages.get(CHANNEL) ?? []).find((m) => m.text === 'Gate review opened — 0 of 5 answered · Half saved'),
    );
    expect(card).toBeDefined();
    expect(h.sim.violations).toEqual([]);
  });

  it('recomputes the statuses and card of an answer whose follow-up after the ack was lost', async () => {
    await registerPilot(h, { name: 'Statuses lost' });
    const reviewId = await eventually(() => reviewIdOf(h, 'Statuses lost'));
    const card = await eventually(() =>
      (h.sim.messages.get(CHANNEL) ?? []).find(
        (m) => m.text === 'Gate review opened — 0 of 5 answered · Statuses lost',
      ),
    );
    const deps = h.server.deps;
    // The save before the ack, without the statuses and card that follow it (the process stopped).
    await deps.services.questionnaires.submit({
      teamId: h.sim.team.id,
      reviewId,
      role: 'technology_lead',
      userId: STAKEHOLDERS.technology_lead,
      answers: validAnswers(deps.manifests.current, 'technology_lead', 'confirmed'),
    });
    const stored = () => reviews().findOne({ _id: new mongoose.Types.ObjectId(reviewId) });
    expect((await stored())?.answeredRoles).toEqual([]);
    await h.server.jobs?.runNow('reviews.repair');
    expect((await stored())?.answeredRoles).toEqual([]); // still within the grace period
    later();
    await h.server.jobs?.runNow('reviews.repair');
    await eventually(async () => (await stored())?.statusesBehind === false);
    expect((await stored())?.answeredRoles).toEqual(['technology_lead']);
    await eventually(() => h.sim.callsTo('chat.update').some((c) => c.args.ts === card.ts));
    expect(h.sim.violations).toEqual([]);
  });
});
