import type { Installation } from '@slack/bolt';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoleId } from '../../src/core/catalog.domain.js';
import { createLogger } from '../../src/shared/logger.js';
import { eventually, TEAM, useApp } from '../support/app-harness.js';
import { STAKEHOLDERS } from '../support/flows/register.js';
import { composedWorker } from '../support/job-worker.js';

// Slack's rate tiers are per workspace: one workspace held back by a 429 must not hold back the sweep's sends to others.
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
    ESCALATE_AFTER_NUDGES: '50',
  },
});

interface Workspace {
  id: string;
  token: string;
  channel: string;
  people: Record<RoleId, string>;
}
/** A: the env token's workspace. B: installed through OAuth. */
const A: Workspace = { id: TEAM, token: 'xoxb-test-token', channel: 'C0PILOTS', people: { ...STAKEHOLDERS } };
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
};
const RETRY_AFTER_S = 2;

let worker: ReturnType<typeof composedWorker> | undefined;
afterAll(async () => {
  await worker?.scheduler.stop();
});

async function openReview(w: Workspace, name: string): Promise<void> {
  for (const person of Object.values(w.people)) h.sim.setUser(person, { tz: 'UTC' });
  const deps = h.server.deps;
  const pilot = await deps.services.pilots.register({
    teamId: w.id,
    channelId: w.channel,
    userId: w.people.executive_sponsor,
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
  await deps.services.reviews.open(pilot, w.people.executive_sponsor);
}

const reminderPosts = (w: Workspace) =>
  h.sim
    .callsTo('chat.postMessage')
    .filter((c) => c.token === w.token && c.status === 200 && String(c.args.text).startsWith('Reminder:'));

describe('nudge sweep over several workspaces', () => {
  it('while A’s conversations.open waits out a 429, B’s nudges go out without waiting; each nudge once', async () => {
    h.sim.bindToken(B.token, { id: B.id, name: 'Team B', domain: 'teamb' });
    await h.server.deps.auth.installationStore().storeInstallation({
      team: { id: B.id, name: 'Team B' },
      enterprise: undefined,
      isEnterpriseInstall: false,
      bot: { token: B.token, id: 'B0SIMBOT', userId: 'U0SIMBOT', scopes: [] },
      user: { id: B.people.executive_sponsor, token: undefined, scopes: undefined },
    } as Installation);
    // A's pilot is created first: a sweep in pilot order that sends one review at a time reaches A before B.
    await openReview(A, 'A in review');
    await openReview(B, 'B in review');
    await h.server.deps.afterAck.drain(5_000);

    h.clock.advance(3 * DAY); // past NUDGE_FIRST_AFTER (2d): every stakeholder of both reviews is due
    h.sim.reset();
    h.sim.inject('conversations.open', { retryAfter: RETRY_AFTER_S, times: 1, token: A.token });

    // A worker with its own notifier: no DM channel cached, so every nudge opens its DM first.
    worker = composedWorker({
      settings: h.server.deps.settings,
      logger: createLogger('silent'),
      clock: h.clock,
      manifests: h.server.deps.manifests.current,
      resolveToken: (teamId, enterpriseId) => h.server.deps.auth.resolveToken(teamId, enterpriseId),
    });
    const sweep = worker.scheduler.runNow('nudges.sweep');
    await eventually(() => reminderPosts(B).length === 5, 10_000);
    const limited = h.sim.callsTo('conversations.open').find((c) => c.status === 429);
    expect(limited?.token).toBe(A.token);
    // B is done while A is still held back: A has not opened a DM yet.
    expect(h.sim.callsTo('conversations.open').filter((c) => c.token === A.token && c.status === 200)).toEqual([]);
    // Every B nudge went out well inside A's Retry-After.
    for (const post of reminderPosts(B)) expect(post.at - limited!.at).toBeLessThan(RETRY_AFTER_S * 500);
    expect(reminderPosts(A)).toHaveLength(0);

    await sweep;
    expect(reminderPosts(A)).toHaveLength(5);
    for (const post of reminderPosts(A))
      expect(post.at - limited!.at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 50);
    for (const w of [A, B]) {
      for (const person of Object.values(w.people)) {
        expect(h.sim.dmsTo(person).filter((m) => m.text.startsWith('Reminder:'))).toHaveLength(1);
      }
    }
    expect(h.sim.violations).toEqual([]);
  });
});
