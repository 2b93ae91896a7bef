import type { Installation } from '@slack/bolt';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoleId } from '../../src/core/catalog.domain.js';
import { createLogger } from '../../src/shared/logger.js';
import { eventually, TEAM, useApp } from '../support/app-harness.js';
import { STAKEHOLDERS } from '../support/flows/register.js';
import { composedWorker } from '../support/job-worker.js';

// Slack's rate tiers are per workspace: one workspace held back by a 429 must not hold back the
// missing-owner sweep's DMs to others (the same fan-out as the nudge sweep). Within A, the alerts
// already on their way when the 429 came still go out: only A's own sends wait.
const DAY = 86_400_000;
const START = new Date('2026-11-25T10:00:00Z');
const h = useApp({
  now: START,
  env: {
    SLACK_CLIENT_ID: '111.222',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    QUIET_HOURS: '',
  },
});

interface Workspace {
  id: string;
  token: string;
  channel: string;
  people: Record<RoleId, string>;
  /** Who registers each of the workspace's pilots: with no sponsor, they get the DM. */
  creators: string[];
}
/** A: the env token's workspace. B: installed through OAuth. */
const A: Workspace = {
  id: TEAM,
  token: 'xoxb-test-token',
  channel: 'C0PILOTS',
  people: { ...STAKEHOLDERS },
  creators: ['U0ACREATOR1', 'U0ACREATOR2', 'U0ACREATOR3'],
};
const B: Workspace = {
  id: 'T0TEAMB',
  token: 'xoxb-team-b-installed',
  channel: 'C0BPILOTS',
  people: {
    executive_sponsor: 'U0BSPONSOR',
    operational_lead: 'U0BOPSLEAD',
    technology_lead: 'U0BTECHLEAD',
    governance_lead: 'U0BGOVLEAD',
    change_lead: 'U0BCHANGE',
  },
  creators: ['U0BCREATOR1', 'U0BCREATOR2', 'U0BCREATOR3'],
};
const RETRY_AFTER_S = 3;

let worker: ReturnType<typeof composedWorker> | undefined;
afterAll(async () => {
  await worker?.scheduler.stop();
});

/** Opens a review, then takes its sponsor away: the review lacks an owner and its creator is told. */
async function openOwnerlessReview(w: Workspace, name: string, creator: string): Promise<void> {
  for (const person of [...Object.values(w.people), creator]) h.sim.setUser(person, { tz: 'UTC' });
  const deps = h.server.deps;
  const pilot = await deps.services.pilots.register({
    teamId: w.id,
    channelId: w.channel,
    userId: creator,
    today: START.toISOString().slice(0, 10),
    draft: {
      name,
      useCase: 'Routes supplier invoices',
      businessUnit: 'Finance',
      plannedKpiValidationDate: new Date(START.getTime() + 30 * DAY).toISOString().slice(0, 10),
      kpisText: 'Cycle time | 4 days | 1 day',
      killCriteria: 'Accuracy below 90%',
      scaleCriteria: 'Cycle time under 1.5 days',
      regulated: false,
      stakeholders: w.people,
    },
  });
  await deps.services.reviews.open(pilot, creator);
  await mongoose.connection
    .collection('pilots')
    .updateOne({ _id: new mongoose.Types.ObjectId(pilot.id) }, { $unset: { 'stakeholders.executive_sponsor': '' } });
}

const ownerAlerts = (w: Workspace) =>
  h.sim
    .callsTo('chat.postMessage')
    .filter((c) => c.token === w.token && c.status === 200 && /is missing an owner/.test(String(c.args.text)));

describe('missing-owner sweep over several workspaces', () => {
  it('while A’s conversations.open waits out a 429, B’s owner alerts go out without waiting; each once', async () => {
    h.sim.bindToken(B.token, { id: B.id, name: 'Team B', domain: 'teamb' });
    await h.server.deps.auth.installationStore().storeInstallation({
      team: { id: B.id, name: 'Team B' },
      enterprise: undefined,
      isEnterpriseInstall: false,
      bot: { token: B.token, id: 'B0SIMBOT', userId: 'U0SIMBOT', scopes: [] },
      user: { id: B.people.executive_sponsor, token: undefined, scopes: undefined },
    } as Installation);
    // A's pilots are created first: a sweep in pilot order that sends one review at a time reaches A before B.
    for (const [i, creator] of A.creators.entries()) await openOwnerlessReview(A, `A ownerless ${i}`, creator);
    for (const [i, creator] of B.creators.entries()) await openOwnerlessReview(B, `B ownerless ${i}`, creator);
    await h.server.deps.afterAck.drain(5_000);

    h.clock.advance(60_000);
    h.sim.reset();
    h.sim.inject('conversations.open', { retryAfter: RETRY_AFTER_S, times: 1, token: A.token });

    // A worker with its own notifier: no DM channel cached, so every alert opens its DM first.
    worker = composedWorker({
      settings: h.server.deps.settings,
      logger: createLogger('silent'),
      clock: h.clock,
      manifests: h.server.deps.manifests.current,
      resolveToken: (teamId, enterpriseId) => h.server.deps.auth.resolveToken(teamId, enterpriseId),
    });
    const sweep = worker.scheduler.runNow('owners.check');
    await eventually(() => ownerAlerts(B).length === B.creators.length, 10_000);
    await sweep;
    // Looked up once the sweep is done: on a loaded machine B can finish before A's first DM is even tried.
    const limited = h.sim.callsTo('conversations.open').find((c) => c.status === 429);
    expect(limited?.token).toBe(A.token);
    expect(ownerAlerts(A)).toHaveLength(A.creators.length);
    // The alert whose DM was refused waited out its Retry-After, and was sent once it had.
    const heldBack = h.sim
      .callsTo('conversations.open')
      .find((c) => c.status === 200 && c.args.users === limited!.args.users);
    expect(heldBack!.at - limited!.at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 50);
    // Every B alert went out before A's retry: a sweep sending one review at a time would have waited
    // out A's Retry-After first. Compared by order, not by a fixed number of milliseconds, so a loaded
    // machine cannot make it fail.
    for (const post of ownerAlerts(B)) expect(post.at).toBeLessThan(heldBack!.at);
    for (const creator of [...A.creators, ...B.creators]) {
      expect(h.sim.dmsTo(creator).filter((m) => /is missing an owner/.test(m.text))).toHaveLength(1);
    }
    expect(h.sim.violations).toEqual([]);
  });
});
