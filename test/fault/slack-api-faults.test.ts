/**
 * Fault suite: Slack answers 500 (on every retry) or 429 (once, Retry-After 1 s) on each Web API method
 * PilotGate uses. For each: the process stays up, the person hears something sensible, what was saved
 * stays saved and the card catches up later, and nothing is done twice.
 */
import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { reviewCard } from '../../src/features/reviews/review-card.views.js';
import { REPAIR_GRACE_MS } from '../../src/features/reviews/review-repair.domain.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, type Harness, useApp } from '../support/app-harness.js';
import {
  answerAs,
  fillUpToLastPage,
  type OpenView,
  openQuestionnaire,
  submitPage,
  validAnswers,
} from '../support/flows/answer.js';
import { cardRef, newReview, oid } from '../support/flows/decide.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';
import type { Injection } from '../support/slack-simulator.js';

const h = useApp({ env: { JOBS: 'off' } });
const col = (name: string) => mongoose.connection.collection(name);
const ok = (c: { response: unknown }) => (c.response as { ok?: boolean }).ok === true;
const okCalls = (method: string) => h.sim.callsTo(method).filter(ok);
const rateLimitedCalls = (method: string) => h.sim.callsTo(method).filter((c) => c.status === 429);
const settle = () => new Promise((r) => setTimeout(r, 300));
let seq = 0;
const unique = (stem: string) => `${stem} ${++seq}`;
const ops = STAKEHOLDERS.operational_lead;

/** Far more failures than the client's retries: the call fails for good. */
const FAILS_FOR_GOOD: Injection = { status: 500, times: 200 };
const RATE_LIMITED_ONCE: Injection = { retryAfter: 1 };

afterEach(async () => {
  h.sim.clearInjections();
  expect((await fetch(`http://127.0.0.1:${h.server.port}/healthz`)).status).toBe(200);
  expect(h.sim.violations).toEqual([]);
});

/** The card in the simulator equals a fresh render of the review as stored now. */
async function expectCardMatchesDatabase(reviewId: string): Promise<void> {
  const deps = h.server.deps;
  await eventually(async () => {
    const review = (await deps.repos.reviews.byId(h.sim.team.id, reviewId))!;
    const pilot = (await deps.repos.pilots.byId(h.sim.team.id, review.pilotId))!;
    const fresh = reviewCard(pilot, review, await deps.repos.reviews.planItems(h.sim.team.id, reviewId));
    const shown = h.sim.findMessage(review.card!.channel, review.card!.ts);
    return shown?.text === fresh.text && JSON.stringify(shown.blocks) === JSON.stringify(fresh.blocks);
  });
}

const cardsOf = (name: string) =>
  (h.sim.messages.get(CHANNEL) ?? []).filter((m) => JSON.stringify(m.blocks).includes(`Gate review: ${name}`));

/** Opens the ops lead's questionnaire and fills every page but the last. */
async function lastPageOf(reviewId: string): Promise<OpenView> {
  const answers = validAnswers(h.server.deps.manifests.current, 'operational_lead', 'confirmed');
  const opened = await openQuestionnaire(h, { reviewId, role: 'operational_lead', userId: ops });
  return fillUpToLastPage(h, { userId: ops, role: 'operational_lead', view: opened, answers });
}
const submitLast = (view: OpenView) =>
  submitPage(h, {
    userId: ops,
    role: 'operational_lead',
    view,
    answers: validAnswers(h.server.deps.manifests.current, 'operational_lead', 'confirmed'),
  });

describe('fault: chat.postMessage (the review card)', () => {
  it('500 for good: the pilot and review are saved, the repair job posts the card once Slack is back', async () => {
    const name = unique('Card 500');
    h.sim.inject('chat.postMessage', FAILS_FOR_GOOD);
    expect((await registerPilot(h, { name })).text).toBe('');
    const pilot = await eventually(() => col('pilots').findOne({ name, stage: 'in_review' }));
    const review = await eventually(() => col('reviews').findOne({ pilotId: String(pilot._id) }));
    await settle();
    expect(cardsOf(name)).toHaveLength(0);
    h.sim.clearInjections();
    h.clock.set(new Date(Date.now() + REPAIR_GRACE_MS + 1_000));
    await h.server.jobs.runNow('reviews.repair');
    await h.server.jobs.runNow('reviews.repair');
    await eventually(async () => (await col('reviews').findOne({ _id: review._id }))?.card?.ts);
    expect(cardsOf(name)).toHaveLength(1);
    await expectCardMatchesDatabase(String(review._id));
  });

  it('429 once: the card is posted after Retry-After, exactly once', async () => {
    const name = unique('Card 429');
    h.sim.inject('chat.postMessage', RATE_LIMITED_ONCE);
    const reviewId = await newReview(h, name);
    expect(rateLimitedCalls('chat.postMessage')).toHaveLength(1);
    expect(cardsOf(name)).toHaveLength(1);
    await expectCardMatchesDatabase(reviewId);
  });
});

describe('fault: chat.update (refreshing the card after an answer)', () => {
  it('500 for good: the answer stays saved, the person is told, the next refresh catches the card up', async () => {
    const reviewId = await newReview(h, unique('Update 500'));
    const last = await lastPageOf(reviewId);
    h.sim.inject('chat.update', FAILS_FOR_GOOD);
    expect((await submitLast(last)).text).toBe('');
    await eventually(() =>
      h.sim.dmsTo(ops).find((m) => /are saved, but the review card is not updated yet/.test(m.text)),
    );
    expect(await col('answers').countDocuments({ reviewId, role: 'operational_lead' })).toBe(1);
    h.sim.clearInjections();
    await answerAs(h, {
      reviewId,
      role: 'technology_lead',
      userId: STAKEHOLDERS.technology_lead,
      assessment: 'confirmed',
    });
    const review = await col('reviews').findOne({ _id: oid(reviewId) });
    expect(review?.answeredRoles).toEqual(['operational_lead', 'technology_lead']);
    await expectCardMatchesDatabase(reviewId);
  });

  it('429 once: the card is updated after Retry-After and matches the database', async () => {
    const reviewId = await newReview(h, unique('Update 429'));
    const last = await lastPageOf(reviewId);
    h.sim.inject('chat.update', RATE_LIMITED_ONCE);
    expect((await submitLast(last)).text).toBe('');
    await eventually(() => okCalls('chat.update').length > 0, 5_000);
    expect(rateLimitedCalls('chat.update')).toHaveLength(1);
    expect(await col('answers').countDocuments({ reviewId, role: 'operational_lead' })).toBe(1);
    await expectCardMatchesDatabase(reviewId);
  });
});

/** A person with no role clicks *Answer my questions*: the answer is an ephemeral note. */
async function outsiderClicks(reviewId: string) {
  const card = await cardRef(reviewId);
  return h.slack.blockAction({
    userId: 'U0OUTSIDER',
    actionId: Ids.review.answerButton,
    value: reviewId,
    channelId: card.channel,
    messageTs: card.ts,
  });
}

describe('fault: chat.postEphemeral', () => {
  it('500 for good: the click is acknowledged, nothing is opened, and the next click is answered', async () => {
    const reviewId = await newReview(h, unique('Ephemeral 500'));
    h.sim.inject('chat.postEphemeral', FAILS_FOR_GOOD);
    const click = await outsiderClicks(reviewId);
    expect(click.status).toBe(200);
    await eventually(() => h.sim.callsTo('chat.postEphemeral').length >= 11);
    expect(h.sim.ephemerals).toHaveLength(0);
    expect(h.sim.callsTo('views.open').filter((c) => c.args.trigger_id === click.triggerId)).toHaveLength(0);
    h.sim.clearInjections();
    await outsiderClicks(reviewId);
    await eventually(() => h.sim.ephemerals.find((e) => /You hold no role/.test(e.text)));
  });

  it('429 once: the note arrives after Retry-After, once', async () => {
    const reviewId = await newReview(h, unique('Ephemeral 429'));
    h.sim.inject('chat.postEphemeral', RATE_LIMITED_ONCE);
    await outsiderClicks(reviewId);
    await eventually(() => h.sim.ephemerals.length > 0);
    await settle();
    expect(h.sim.ephemerals.filter((e) => e.user === 'U0OUTSIDER')).toHaveLength(1);
  });
});

describe('fault: views.open (/gate start)', () => {
  const start = () =>
    h.slack.command({ text: 'start Modal pilot', userId: STAKEHOLDERS.executive_sponsor, channelId: CHANNEL });

  it('500 for good: the person is told through the command’s response_url', async () => {
    h.sim.inject('views.open', FAILS_FOR_GOOD);
    expect((await start()).status).toBe(200);
    const told = await eventually(() => h.sim.responses.find((r) => typeof r.body.text === 'string'), 10_000);
    expect(told.body.text).toMatch(/Something went wrong on our side and nothing was changed/);
    expect(okCalls('views.open')).toHaveLength(0);
  });

  it('429 once: the modal opens after Retry-After, once', async () => {
    h.sim.inject('views.open', RATE_LIMITED_ONCE);
    await start();
    await eventually(() => okCalls('views.open').length === 1, 5_000);
    expect(rateLimitedCalls('views.open')).toHaveLength(1);
  });
});

/** A review where the sponsor also holds the change lead role, and the role picker it opens. */
async function pickerFor(name: string): Promise<{ reviewId: string; pickerId: string }> {
  const reviewId = await newReview(h, name, { stakeholders: { change_lead: STAKEHOLDERS.executive_sponsor } });
  const card = await cardRef(reviewId);
  const click = await h.slack.blockAction({
    userId: STAKEHOLDERS.executive_sponsor,
    actionId: Ids.review.answerButton,
    value: reviewId,
    channelId: card.channel,
    messageTs: card.ts,
  });
  const opened = await eventually(() => okCalls('views.open').find((c) => c.args.trigger_id === click.triggerId));
  return { reviewId, pickerId: (opened.response as { view: { id: string } }).view.id };
}
const pickRole = (pickerId: string) =>
  h.slack.blockAction({
    userId: STAKEHOLDERS.executive_sponsor,
    actionId: Ids.review.rolePicker,
    value: 'change_lead',
    view: { id: pickerId },
  });

describe('fault: views.update (role picker → questionnaire)', () => {
  it('500 for good: the person is told by DM that nothing changed', async () => {
    const { pickerId } = await pickerFor(unique('Picker 500'));
    h.sim.inject('views.update', FAILS_FOR_GOOD);
    await pickRole(pickerId);
    const dm = await eventually(() =>
      h.sim.dmsTo(STAKEHOLDERS.executive_sponsor).find((m) => /could not open/.test(m.text)),
    );
    expect(dm.text).toMatch(/Your saved answers are unchanged/);
    expect(okCalls('views.update')).toHaveLength(0);
  });

  it('429 once: the questionnaire replaces the picker after Retry-After', async () => {
    const { pickerId } = await pickerFor(unique('Picker 429'));
    h.sim.inject('views.update', RATE_LIMITED_ONCE);
    await pickRole(pickerId);
    await eventually(() => okCalls('views.update').length === 1, 5_000);
    expect(h.sim.views.get(pickerId)?.callback_id).toBe(Ids.review.questionnaireModal);
  });
});

const openHome = (userId: string) =>
  h.slack.event({ event: { type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home' } });

/** Successful publishes of `userId`'s Home (card renders also refresh the Home of earlier visitors). */
const publishedTo = (userId: string) => okCalls('views.publish').filter((c) => c.args.user_id === userId);

describe('fault: views.publish (App Home)', () => {
  it('500 for good: the event is acknowledged and the next visit publishes the tab', async () => {
    h.sim.inject('views.publish', FAILS_FOR_GOOD);
    expect((await openHome('U0HOME500')).status).toBe(200);
    // Every attempt of the client (one call and its ten rapid retries) was refused.
    await eventually(() => h.sim.callsTo('views.publish').filter((c) => c.status === 500).length >= 11);
    expect(publishedTo('U0HOME500')).toHaveLength(0);
    h.sim.clearInjections();
    await openHome('U0HOME500');
    await eventually(() => publishedTo('U0HOME500').length === 1);
    expect(h.sim.homeViews.size).toBeGreaterThan(0);
  });

  it('429 once: published after Retry-After, once', async () => {
    h.sim.inject('views.publish', RATE_LIMITED_ONCE);
    await openHome('U0HOME429');
    await eventually(() => publishedTo('U0HOME429').length === 1, 5_000);
    await settle();
    expect(rateLimitedCalls('views.publish')).toHaveLength(1);
    expect(publishedTo('U0HOME429')).toHaveLength(1);
  });
});

/** Stakeholders no earlier test has DMed, so the app has no DM channel cached for them. */
const freshPeople = (tag: string) => ({
  executive_sponsor: `U0SP${tag}`,
  operational_lead: `U0OP${tag}`,
  technology_lead: `U0TE${tag}`,
  governance_lead: `U0GO${tag}`,
  change_lead: `U0CH${tag}`,
});

describe('fault: conversations.open (stakeholder invites)', () => {
  it('500 for good: the review opens and its card is posted; no invite is sent', async () => {
    const people = freshPeople('C500');
    h.sim.inject('conversations.open', FAILS_FOR_GOOD);
    const reviewId = await newReview(h, unique('Invites 500'), { stakeholders: people });
    await expectCardMatchesDatabase(reviewId);
    await settle();
    for (const user of Object.values(people)) expect(h.sim.dmsTo(user)).toHaveLength(0);
  });

  it('429 once: every stakeholder gets exactly one invite', async () => {
    const people = freshPeople('C429');
    h.sim.inject('conversations.open', RATE_LIMITED_ONCE);
    await newReview(h, unique('Invites 429'), { stakeholders: people });
    for (const user of Object.values(people)) await eventually(() => h.sim.dmsTo(user).length > 0, 5_000);
    await settle();
    for (const user of Object.values(people)) expect(h.sim.dmsTo(user)).toHaveLength(1);
  });
});

/** Registers as someone the app has no profile of yet, so users.info is asked. */
const registerAs = (registrant: string, name: string) => registerPilot(h, { name }, registrant);

describe('fault: users.info (the registrant’s time zone)', () => {
  it('500 for good: the registration still succeeds (UTC is assumed)', async () => {
    const name = unique('Profile 500');
    h.sim.inject('users.info', FAILS_FOR_GOOD);
    expect((await registerAs('U0REG500', name)).text).toBe('');
    await eventually(() => col('pilots').findOne({ name, stage: 'in_review' }));
    expect(await col('pilots').countDocuments({ name })).toBe(1);
  });

  it('429 once: the registration succeeds once', async () => {
    const name = unique('Profile 429');
    h.sim.inject('users.info', RATE_LIMITED_ONCE);
    expect((await registerAs('U0REG429', name)).text).toBe('');
    expect(await col('pilots').countDocuments({ name })).toBe(1);
  });
});

async function exportTrail(h: Harness, name: string) {
  return h.slack.command({ text: `export ${name}`, userId: STAKEHOLDERS.executive_sponsor, channelId: CHANNEL });
}

describe.each(['files.getUploadURLExternal', 'files.completeUploadExternal'])('fault: %s (/gate export)', (method) => {
  it('500 for good: the person is told the export failed; nothing half-uploaded is announced', async () => {
    const name = unique('Export 500');
    await newReview(h, name);
    h.sim.inject(method, FAILS_FOR_GOOD);
    await exportTrail(h, name);
    const told = await eventually(() => h.sim.responses.find((r) => /went wrong/.test(String(r.body.text))), 10_000);
    expect(told.body.text).toMatch(/nothing was changed/);
    expect(h.sim.responses.some((r) => /Sent the audit trail/.test(String(r.body.text)))).toBe(false);
  });

  it('429 once: every file (audit CSV and JSON, crosswalk and evidence CSVs) is uploaded once, after Retry-After', async () => {
    const name = unique('Export 429');
    await newReview(h, name);
    h.sim.inject(method, RATE_LIMITED_ONCE);
    await exportTrail(h, name);
    await eventually(() => h.sim.responses.find((r) => /Sent the audit trail/.test(String(r.body.text))), 10_000);
    expect(h.sim.uploadedFiles.map((f) => f.filename).sort()).toEqual([
      expect.stringMatching(/^pilotgate-audit-.*\.csv$/),
      expect.stringMatching(/^pilotgate-audit-.*\.json$/),
      expect.stringMatching(/^pilotgate-crosswalk-.*\.csv$/),
      expect.stringMatching(/^pilotgate-evidence-.*\.csv$/),
    ]);
  });
});
