/**
 * The demo and test cadences (DEMO_CADENCE), in real time through agenda: with second-scale settings the
 * digest check follows DIGEST_CRON and the purgatory scan follows PURGATORY_WARN_AFTER, so a digest
 * arrives within one cron period and an *at risk* alert within one scan period of the threshold.
 */
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll } from '../support/flows/answer.js';
import { newReview } from '../support/flows/decide.js';
import { CHANNEL } from '../support/flows/register.js';

const CRON_PERIOD_MS = 3_000;
const WARN_AFTER_MS = 4_000;
/** Slack round trips, agenda's poll and a loaded two-core machine. */
const SLACK_MS = 1_500;

const h = useApp({
  now: new Date(),
  env: {
    DIGEST_CRON: '*/3 * * * * *',
    PURGATORY_WARN_AFTER: '4s',
    PURGATORY_AFTER: '1h',
    JOB_POLL_INTERVAL: '200ms',
  },
});
// The app reads the harness clock; here it follows real time, since agenda runs the jobs in real time.
const following = setInterval(() => h.clock?.set(new Date()), 10);
afterAll(() => clearInterval(following));

const digestsTo = (user: string) => h.sim.dmsTo(user).filter((m) => m.text.startsWith('Your weekly PilotGate digest'));
const atRiskAlerts = () =>
  (h.sim.messages.get(CHANNEL) ?? []).filter((m) => m.text.includes('At risk of pilot purgatory'));

/** The cron moments the sponsor's digests were sent for, from their dedupe keys. */
async function digestMoments(sponsor: string): Promise<number[]> {
  const keys = await mongoose.connection
    .collection('deliveries')
    .find({ key: { $regex: `^digest:[^:]+:${sponsor}:` }, state: 'sent' })
    .toArray();
  return keys.map((d) => Date.parse(String(d.key).split(`${sponsor}:`)[1] as string)).sort((a, b) => a - b);
}

describe('second-scale cadences run on agenda in real time', () => {
  it('a per-3-seconds DIGEST_CRON sends a digest within one period, and one for every moment after', async () => {
    const sponsor = 'U0CADENCE1';
    await newReview(h, 'Cadence digest pilot', { stakeholders: { executive_sponsor: sponsor } });
    const openedAt = Date.now();
    await eventually(() => digestsTo(sponsor).length >= 1, CRON_PERIOD_MS + SLACK_MS);
    expect(Date.now() - openedAt).toBeLessThan(CRON_PERIOD_MS + SLACK_MS);

    await new Promise((r) => setTimeout(r, 3 * CRON_PERIOD_MS));
    const moments = await digestMoments(sponsor);
    expect(moments.length).toBeGreaterThanOrEqual(3);
    // No moment skipped between the first and the last digest.
    for (let i = 1; i < moments.length; i++)
      expect((moments[i] as number) - (moments[i - 1] as number)).toBe(CRON_PERIOD_MS);
    expect(digestsTo(sponsor)).toHaveLength(moments.length);
    expect(h.sim.violations).toEqual([]);
  });

  it('PURGATORY_WARN_AFTER=4s posts the at-risk alert within one scan period of crossing it', async () => {
    const reviewId = await newReview(h, 'Cadence purgatory pilot');
    const validatingFrom = Date.now();
    await answerAll(h, reviewId);
    const validatedAt = Date.now();
    const alert = await eventually(() => atRiskAlerts()[0], 2 * WARN_AFTER_MS + 2 * SLACK_MS + 2_000);
    const alertedAt = Date.now();
    expect(alert.text).toContain('Cadence purgatory pilot');
    expect(alertedAt - validatingFrom).toBeGreaterThanOrEqual(WARN_AFTER_MS);
    // Crossed at validatedAt + 4s at the latest; the next scan (every 4s) sees it.
    expect(alertedAt - validatedAt).toBeLessThan(2 * WARN_AFTER_MS + SLACK_MS);
    expect(atRiskAlerts()).toHaveLength(1);
    expect(h.sim.violations).toEqual([]);
  });
});
