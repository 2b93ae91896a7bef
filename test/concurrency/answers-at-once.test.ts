/**
 * Concurrency: 50 reviews × 5 roles, every last questionnaire page submitted at the same moment over
 * HTTP. Afterwards every answer is stored once, every review counts five answered roles, every card in
 * Slack equals a fresh render from the database, and every audit chain verifies without a fork.
 */
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS, type RoleId } from '../../src/core/catalog.domain.js';
import { verifyChain } from '../../src/features/audit/audit.domain.js';
import { reviewCard } from '../../src/features/reviews/review-card.views.js';
import { eventually, useApp } from '../support/app-harness.js';
import {
  fillUpToLastPage,
  type OpenView,
  openQuestionnaire,
  submitPage,
  validAnswers,
} from '../support/flows/answer.js';
import { newReview, oid } from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';

const REVIEWS = 50;
const h = useApp({ env: { JOBS: 'off' } });
const col = (name: string) => mongoose.connection.collection(name);

/** Runs `work` over `items`, `width` at a time (preparation only; the submissions go all at once). */
async function inPool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

interface Pending {
  reviewId: string;
  role: RoleId;
  view: OpenView;
}

const answersOf = (role: RoleId) => validAnswers(h.server.deps.manifests.current, role, 'confirmed');

async function prepare(reviewId: string, role: RoleId): Promise<Pending> {
  const userId = STAKEHOLDERS[role];
  const opened = await openQuestionnaire(h, { reviewId, role, userId });
  const view = await fillUpToLastPage(h, { userId, role, view: opened, answers: answersOf(role) });
  return { reviewId, role, view };
}

/** Five answered roles, a proceed outcome, and an audit chain that verifies with one answer event per role. */
async function expectConsistent(reviewId: string): Promise<void> {
  const review = await col('reviews').findOne({ _id: oid(reviewId) });
  expect([...(review?.answeredRoles ?? [])].sort()).toEqual([...ROLE_IDS].sort());
  expect(review?.outcome).toBe('proceed');
  const events = await h.server.deps.repos.audit.forReview(h.sim.team.id, reviewId);
  expect(verifyChain(events).ok).toBe(true);
  const answered = events.filter((e) => e.type === 'answer.submitted').map((e) => e.subject);
  expect(answered.sort()).toEqual([...ROLE_IDS].sort());
}

async function expectCardMatchesDatabase(reviewId: string): Promise<void> {
  const { reviews, pilots } = h.server.deps.repos;
  const review = (await reviews.byId(h.sim.team.id, reviewId))!;
  const pilot = (await pilots.byId(h.sim.team.id, review.pilotId))!;
  const fresh = reviewCard(pilot, review, await reviews.planItems(h.sim.team.id, reviewId));
  const shown = h.sim.findMessage(review.card!.channel, review.card!.ts);
  expect(shown?.text).toBe(fresh.text);
  expect(shown?.blocks).toEqual(JSON.parse(JSON.stringify(fresh.blocks)));
}

describe('concurrency: 5 roles × 50 reviews submit at once', () => {
  it('stores every answer once, and every card and audit chain agrees with the database', async () => {
    const reviewIds = await inPool(
      Array.from({ length: REVIEWS }, (_, i) => `Concurrent pilot ${String(i + 1).padStart(2, '0')}`),
      8,
      (name) => newReview(h, name),
    );
    const pairs = reviewIds.flatMap((reviewId) => ROLE_IDS.map((role) => ({ reviewId, role })));
    const pending = await inPool(pairs, 10, (p) => prepare(p.reviewId, p.role));

    const submit = (p: Pending) =>
      submitPage(h, { userId: STAKEHOLDERS[p.role], role: p.role, view: p.view, answers: answersOf(p.role) });
    const acks = await Promise.all(pending.map(submit));
    // Each submission saves before it acks. On the FerretDB test database (no index pushdown, one write
    // at a time) 250 saves queue for longer than Slack's 3 s, so Slack gives up on many (Bolt answers
    // 404) while their saves go on. Whatever Slack saw, the saves and the work after them must complete.
    expect(acks.filter((a) => a.status !== 200 && a.status !== 404)).toEqual([]);
    expect(acks.filter((a) => a.status === 200 && a.text !== '')).toEqual([]);
    const fiveAnswered = async () =>
      (await col('reviews').countDocuments({
        _id: { $in: reviewIds.map(oid) },
        'answeredRoles.4': { $exists: true },
      })) === REVIEWS;
    await eventually(fiveAnswered, 90_000);

    expect(await col('answers').countDocuments({ reviewId: { $in: reviewIds } })).toBe(REVIEWS * ROLE_IDS.length);
    // A save acks after its audit event; wait until the last of them (Slack stopped waiting long ago).
    await eventually(async () => {
      for (const reviewId of reviewIds) await expectConsistent(reviewId);
      return true;
    }, 30_000);
    // The card renders still queued when the last answer landed catch up.
    await eventually(async () => {
      for (const reviewId of reviewIds) await expectCardMatchesDatabase(reviewId);
      return true;
    }, 30_000);

    // People whom Slack showed an error submit again: the modal closes and nothing is stored twice.
    const timedOut = pending.filter((_, i) => acks[i]!.status === 404).slice(0, 5);
    for (const p of timedOut) expect((await submit(p)).text).toBe('');
    expect(await col('answers').countDocuments({ reviewId: { $in: reviewIds } })).toBe(REVIEWS * ROLE_IDS.length);
    for (const p of timedOut) await expectConsistent(p.reviewId);
    expect(h.sim.violations).toEqual([]);
  }, 180_000);
});
