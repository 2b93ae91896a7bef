import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, serviceWorld } from '../../support/service-world.js';
import { useTestDatabase } from '../../support/test-db.js';

useTestDatabase();

const w = serviceWorld('T0CTX');
const TEAM = w.team;
const { reviews, audit } = w.repos;
const reviewService = w.services.reviews;

beforeAll(async () => {
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});

async function saveTechAnswer(reviewId: string, over: Record<string, string> = {}) {
  await reviews.saveAnswer({
    teamId: TEAM,
    reviewId,
    round: 1,
    role: 'technology_lead',
    userId: PEOPLE.technology_lead,
    answers: w.answersOf('technology_lead', over),
    submittedAt: w.clock.now(),
  });
}

describe('ReviewContext: one load, passed down', () => {
  it('loads the review, its pilot, its manifest and the answers that count, only within the workspace', async () => {
    const { pilot, reviewId } = await w.openPilot('Context load');
    await saveTechAnswer(reviewId);
    const ctx = await reviewService.loadContext(TEAM, reviewId);
    expect(ctx?.review.id).toBe(reviewId);
    expect(ctx?.pilot.id).toBe(pilot.id);
    expect(ctx?.manifest.version).toBe(w.manifest.version);
    expect(ctx?.history.map((a) => a.role)).toEqual(['technology_lead']);
    expect(Object.keys(ctx?.answers ?? {})).toEqual(['technology_lead']);
    expect(await reviewService.loadContext('T0OTHER', reviewId)).toBeNull();
    expect(await reviewService.loadContext(TEAM, 'f'.repeat(24))).toBeNull();
  });

  it('recompute on a context returns the review as written; a stale context is not current and audits nothing', async () => {
    const { reviewId } = await w.openPilot('Context recompute');
    await saveTechAnswer(reviewId);
    const ctx = (await reviewService.loadContext(TEAM, reviewId))!;
    const first = await reviewService.recomputeContext(ctx, 'U3');
    expect(first.current).toBe(true);
    const stored = await reviews.byId(TEAM, reviewId);
    // As written (the audit events of the status changes move only the audit head after it).
    const { auditHead: _after, ...written } = first.context.review as typeof first.context.review & {
      auditHead?: unknown;
    };
    const { auditHead: _now, ...storedNow } = stored as NonNullable<typeof stored> & { auditHead?: unknown };
    expect(written).toEqual(storedNow);
    expect(written.snapshotSeq).toBe(written.answerSeq);
    expect(first.context.review.answeredRoles).toEqual(['technology_lead']);
    const events = (await audit.forReview(TEAM, reviewId)).length;
    // The same (now stale) context again: a computation at its sequence already landed.
    const again = await reviewService.recomputeContext(ctx, 'U3');
    expect(again.current).toBe(false);
    expect(again.context.review.answeredRoles).toEqual(['technology_lead']);
    expect((await audit.forReview(TEAM, reviewId)).length).toBe(events);
  });

  it('renders the card from the context it is given, not from a read of the database', async () => {
    const { reviewId } = await w.openPilot('Context card');
    await saveTechAnswer(reviewId);
    const { context } = await reviewService.recomputeContext((await reviewService.loadContext(TEAM, reviewId))!, 'U3');
    const posts = w.notifier.posts.length;
    // A context unlike the database (another pilot name, no card yet): what is posted shows the context.
    const shown = {
      ...context,
      pilot: { ...context.pilot, name: 'Name from the context' },
      review: { ...context.review, card: {} as never },
    };
    await reviewService.refreshCard(TEAM, reviewId, { context: shown });
    expect(w.notifier.posts.length).toBe(posts + 1);
    expect(JSON.stringify(w.notifier.posts.at(-1)?.msg)).toContain('Name from the context');
    expect((await w.repos.pilots.byId(TEAM, context.pilot.id))?.name).toBe('Context card');
  });

  it('a context older than a card already rendered is not painted over it: the database is read instead', async () => {
    const { reviewId } = await w.openPilot('Context stale');
    await saveTechAnswer(reviewId);
    const stale = (await reviewService.recomputeContext((await reviewService.loadContext(TEAM, reviewId))!, 'U3'))
      .context;
    // A later answer is recomputed and rendered first (from the database: the card is there).
    await reviews.saveAnswer({
      teamId: TEAM,
      reviewId,
      round: 1,
      role: 'change_lead',
      userId: PEOPLE.change_lead,
      answers: w.answersOf('change_lead'),
      submittedAt: w.clock.now(),
    });
    await reviewService.recompute(TEAM, reviewId, 'U5');
    await reviewService.refreshCard(TEAM, reviewId);
    const posts = w.notifier.posts.length;
    // The older context (shown without a card, so rendering it would post one) is set aside.
    await reviewService.refreshCard(TEAM, reviewId, {
      context: { ...stale, review: { ...stale.review, card: {} as never } },
    });
    expect(w.notifier.posts.length).toBe(posts);
  });
});
