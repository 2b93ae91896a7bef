/**
 * Fault suite: duplicate deliveries and double clicks. Slack retries a request it thinks went
 * unanswered, and people click twice; either way one answer, one decision, one message.
 * (Nudges sent once when the job runs twice, on two workers: test/e2e/nudges-delivery.test.ts.)
 */
import mongoose from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll, fillUpToLastPage, openQuestionnaire, submitPage, validAnswers } from '../support/flows/answer.js';
import {
  cardRef,
  choose,
  GOOD_MONITORING,
  newReview,
  oid,
  openDecision,
  submitDecision,
} from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ env: { JOBS: 'off' } });
const col = (name: string) => mongoose.connection.collection(name);
const settle = () => new Promise((r) => setTimeout(r, 400));
const ops = STAKEHOLDERS.operational_lead;
const errorsOf = (json: unknown) => (json as { response_action?: string } | undefined)?.response_action === 'errors';

afterEach(() => {
  expect(h.sim.violations).toEqual([]);
});

const auditOf = async (reviewId: string, type: string) =>
  (await h.server.deps.repos.audit.forReview(h.sim.team.id, reviewId)).filter((e) => e.type === type);

/** The ops lead's questionnaire at its last page, and the answers it was filled with. */
async function lastPage(reviewId: string) {
  const answers = validAnswers(h.server.deps.manifests.current, 'operational_lead', 'confirmed');
  const opened = await openQuestionnaire(h, { reviewId, role: 'operational_lead', userId: ops });
  const view = await fillUpToLastPage(h, { userId: ops, role: 'operational_lead', view: opened, answers });
  return { view, submit: () => submitPage(h, { userId: ops, role: 'operational_lead', view, answers }) };
}

describe('duplicates: the final questionnaire page', () => {
  it('delivered twice at once: one answer document, one audit event, the card shows it', async () => {
    const reviewId = await newReview(h, 'Twice at once');
    const { submit } = await lastPage(reviewId);
    const acks = await Promise.all([submit(), submit()]);
    for (const ack of acks) expect(ack.status).toBe(200);
    expect(acks.filter((a) => errorsOf(a.json))).toEqual([]);
    await eventually(async () => (await col('reviews').findOne({ _id: oid(reviewId) }))?.answeredRoles?.length === 1);
    await settle();
    expect(await col('answers').countDocuments({ reviewId, role: 'operational_lead' })).toBe(1);
    expect(await auditOf(reviewId, 'answer.submitted')).toHaveLength(1);
    const events = await h.server.deps.repos.audit.forReview(h.sim.team.id, reviewId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('delivered again after the first was saved (a Slack retry): accepted, nothing written twice', async () => {
    const reviewId = await newReview(h, 'Twice in a row');
    const { submit } = await lastPage(reviewId);
    const first = await submit();
    expect(first.text).toBe('');
    const again = await submit();
    expect(again.status).toBe(200);
    // The person sees the modal close as they expected, not a page asking for answers already saved.
    expect(again.text).toBe('');
    await settle();
    expect(await col('answers').countDocuments({ reviewId, role: 'operational_lead' })).toBe(1);
    expect(await auditOf(reviewId, 'answer.submitted')).toHaveLength(1);
  });
});

describe('duplicates: the decision', () => {
  it('submitted twice at once: one decision, one audit event, one announcement', async () => {
    const reviewId = await newReview(h, 'Decided twice');
    await answerAll(h, reviewId);
    const modal = await choose(h, await openDecision(h, reviewId), 'proceed');
    const acks = await Promise.all([
      submitDecision(h, modal, { decision: 'proceed', ...GOOD_MONITORING }),
      submitDecision(h, modal, { decision: 'proceed', ...GOOD_MONITORING }),
    ]);
    expect(acks.map((a) => a.status)).toEqual([200, 200]);
    expect(acks.filter((a) => a.text === '')).toHaveLength(1);
    await eventually(async () => (await col('pilots').findOne({ name: 'Decided twice' }))?.stage === 'production');
    await settle();
    const review = await col('reviews').findOne({ _id: oid(reviewId) });
    expect(review?.decisionCount).toBe(1);
    expect(review?.decisions).toHaveLength(1);
    expect(await auditOf(reviewId, 'decision.recorded')).toHaveLength(1);
    const card = await cardRef(reviewId);
    const announcements = (h.sim.messages.get(card.channel) ?? []).filter((m) => m.thread_ts === card.ts);
    expect(announcements).toHaveLength(1);
  });
});

describe('duplicates: buttons clicked twice', () => {
  it('*Answer my questions* twice: each click opens the form, nothing is written', async () => {
    const reviewId = await newReview(h, 'Clicked twice');
    const card = await cardRef(reviewId);
    const click = () =>
      h.slack.blockAction({
        userId: ops,
        actionId: 'review.answer.open',
        value: reviewId,
        channelId: card.channel,
        messageTs: card.ts,
      });
    const before = await col('answers').countDocuments({ reviewId });
    const [a, b] = await Promise.all([click(), click()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const openedBy = (trigger?: string) =>
      h.sim.callsTo('views.open').filter((c) => c.args.trigger_id === trigger && (c.response as { ok?: boolean }).ok);
    await eventually(() => openedBy(a.triggerId).length === 1 && openedBy(b.triggerId).length === 1);
    expect(await col('answers').countDocuments({ reviewId })).toBe(before);
  });
});

describe('duplicates: Events API retries', () => {
  const joined = (channel: string, retryNum?: number) =>
    h.slack.event({
      event: { type: 'member_joined_channel', user: h.sim.bot.userId, channel, channel_type: 'C', team: h.sim.team.id },
      eventId: `Ev0JOIN${channel}`,
      ...(retryNum !== undefined ? { retryNum, retryReason: 'http_timeout' } : {}),
    });

  it('member_joined_channel delivered, retried at once and retried later: one intro', async () => {
    await Promise.all([joined('C0DUPINTRO'), joined('C0DUPINTRO', 1)]);
    await joined('C0DUPINTRO', 2);
    await eventually(() => (h.sim.messages.get('C0DUPINTRO') ?? []).length > 0);
    await settle();
    expect(h.sim.messages.get('C0DUPINTRO')).toHaveLength(1);
  });

  it('app_home_opened delivered and retried at once: the welcome is shown once', async () => {
    const open = (retryNum?: number) =>
      h.slack.event({
        event: { type: 'app_home_opened', user: 'U0DUPHOME', channel: 'D0DUPHOME', tab: 'home' },
        eventId: 'Ev0DUPHOME',
        ...(retryNum !== undefined ? { retryNum, retryReason: 'http_timeout' } : {}),
      });
    await Promise.all([open(), open(1)]);
    await eventually(() => h.sim.callsTo('views.publish').length === 2);
    const welcomes = h.sim
      .callsTo('views.publish')
      .filter((c) => /welcome/i.test(JSON.stringify((c.args as { view?: unknown }).view)));
    expect(welcomes).toHaveLength(1);
    expect(await col('home_visits').countDocuments({ userId: 'U0DUPHOME' })).toBe(1);
  });
});
