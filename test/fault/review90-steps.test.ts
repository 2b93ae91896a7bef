/**
 * Fault suite: the database stops at every step boundary of the sponsor's 90-day review submission,
 * then restarts. The portfolio-log entry is the one write (it carries its later steps); afterwards the
 * entry, its audit event and the move to reviewed_90d are all there or none is, and the sponsor was
 * told the truth (the call resolved exactly when the entry was saved).
 */
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { SIGNAL_IDS } from '../../src/core/catalog.domain.js';
import { verifyChain } from '../../src/features/audit/audit.domain.js';
import { REPAIR_GRACE_MS } from '../../src/features/reviews/review-repair.domain.js';
import type { Review90Draft } from '../../src/features/reviews90/review90.domain.js';
import { review90RepairJob } from '../../src/features/reviews90/review90.job.js';
import { useApp } from '../support/app-harness.js';
import { databaseStopsAfter } from '../support/db-outage.js';
import { newReview } from '../support/flows/decide.js';

const h = useApp({ env: { JOBS: 'off' } });
const col = (name: string) => mongoose.connection.collection(name);

const draft: Review90Draft = {
  kpis: [
    { actual: '1.4 days', realised: 'partly' },
    { actual: '64%', realised: 'yes' },
  ],
  signals: Object.fromEntries(SIGNAL_IDS.map((s) => [s, 'held'])),
  incidents: 'None',
  lessons: 'Train the second shift before launch',
};

describe('fault: the database stops during a 90-day review submission', () => {
  it('the entry, its audit event and reviewed_90d are all there, or none is', async () => {
    const deps = h.server.deps;
    for (let n = 0; ; n++) {
      const name = `Ninety ${n}`;
      const reviewId = await newReview(h, name);
      const pilot = await col('pilots').findOne({ name });
      const pilotId = String(pilot?._id);
      await deps.repos.pilots.setStage(h.sim.team.id, pilotId, 'in_review', 'production', {
        productionAt: deps.clock.now(),
      });
      const outage = databaseStopsAfter(n);
      const submit = deps.services.review90.submit({ teamId: h.sim.team.id, pilotId, userId: 'U0SPONSOR', draft });
      const saved = await submit.then(
        () => true,
        () => false,
      );
      outage.restart();
      h.clock.advance(REPAIR_GRACE_MS + 1_000);
      await h.server.jobs.runNow(review90RepairJob.name);
      await h.server.jobs.runNow(review90RepairJob.name);
      const events = await deps.repos.audit.forReview(h.sim.team.id, reviewId);
      const entry = await col('portfolio_log').findOne({ pilotId });
      expect(verifyChain(events).ok, `step ${n}`).toBe(true);
      expect(Boolean(entry), `step ${n}: told ${saved ? 'saved' : 'not saved'}`).toBe(saved);
      expect(entry?.followUp, `step ${n}`).toBeUndefined();
      expect(
        events.filter((e) => e.type === 'review90.submitted'),
        `step ${n}`,
      ).toHaveLength(saved ? 1 : 0);
      expect((await col('pilots').findOne({ name }))?.stage, `step ${n}`).toBe(saved ? 'reviewed_90d' : 'production');
      const moved = events.filter((e) => e.type === 'stage.changed' && e.after === 'reviewed_90d');
      expect(moved, `step ${n}`).toHaveLength(saved ? 1 : 0);
      if (outage.attempted() <= n) break;
    }
  }, 120_000);
});
