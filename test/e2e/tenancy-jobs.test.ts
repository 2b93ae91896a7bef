import type { Installation } from '@slack/bolt';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { RoleId } from '../../src/core/catalog.domain.js';
import { NOT_INSTALLED_TEXT } from '../../src/features/install/workspace-auth.js';
import { eventually, TEAM, useApp } from '../support/app-harness.js';
import { STAKEHOLDERS } from '../support/flows/register.js';
import type { RecordedCall } from '../support/slack-simulator.js';

// Multi-workspace mode with both tokens: OAuth installs, and SLACK_BOT_TOKEN for the workspace it belongs to.
const ENV_TOKEN = 'xoxb-test-token';
const DAY = 86_400_000;
const START = new Date(); // mongoose stamps createdAt with the real clock (the repair job reads it)
const h = useApp({
  now: START,
  env: {
    SLACK_CLIENT_ID: '111.222',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    GATE_ADMINS: 'U0GATEADMIN',
  },
});

interface Workspace {
  id: string;
  token: string;
  channel: string;
  people: Record<RoleId, string>;
}
const people = (prefix: string): Record<RoleId, string> => ({
  executive_sponsor: `U0${prefix}SPONSOR`,
  operational_lead: `U0${prefix}OPSLEAD`,
  technology_lead: `U0${prefix}TECHLEAD`,
  governance_lead: `U0${prefix}GOVLEAD`,
  change_lead: `U0${prefix}CHANGE`,
});
/** A: the env token's own workspace (auth.test answers T0SIM0001 for it). */
const A: Workspace = { id: TEAM, token: ENV_TOKEN, channel: 'C0PILOTS', people: { ...STAKEHOLDERS } };
/** B: installed through OAuth. */
const B: Workspace = { id: 'T0TEAMB', token: 'xoxb-team-b-installed', channel: 'C0BPILOTS', people: people('B') };
/** C: installed, used, then uninstalled: its pilots stay in the database. */
const C: Workspace = { id: 'T0TEAMC', token: 'xoxb-team-c-installed', channel: 'C0CPILOTS', people: people('C') };
const WORKSPACES = [A, B, C];
const JOBS = [
  'nudges.sweep',
  'owners.check',
  'digests.weekly',
  'purgatory.scan',
  'plans.reminders',
  'review90.open',
  'reviews.repair',
];

async function install(w: Workspace): Promise<void> {
  h.sim.bindToken(w.token, { id: w.id, name: `Team ${w.id}`, domain: w.id.toLowerCase() });
  await h.server.deps.auth.installationStore().storeInstallation({
    team: { id: w.id, name: `Team ${w.id}` },
    enterprise: undefined,
    isEnterpriseInstall: false,
    bot: { token: w.token, id: 'B0SIMBOT', userId: 'U0SIMBOT', scopes: [] },
    user: { id: w.people.executive_sponsor, token: undefined, scopes: undefined },
  } as Installation);
}

/** Pilots every job acts on: in review with no governance lead, in production, in gap closure, saved without a review. */
async function seed(w: Workspace): Promise<void> {
  const deps = h.server.deps;
  const today = START.toISOString().slice(0, 10);
  for (const person of Object.values(w.people)) h.sim.setUser(person, { tz: 'UTC' });
  const register = (name: string) =>
    deps.services.pilots.register({
      teamId: w.id,
      channelId: w.channel,
      userId: w.people.executive_sponsor,
      today,
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
  const opened = async (name: string) => {
    const pilot = await register(name);
    const review = await deps.services.reviews.open(pilot, w.people.executive_sponsor);
    return { pilot, review };
  };
  const open = await opened(`${w.id} in review`);
  // The governance lead left (the owner check has a gap to report); promising since the start (purgatory alerts).
  await mongoose.connection
    .collection('pilots')
    .updateOne(
      { _id: new mongoose.Types.ObjectId(open.pilot.id) },
      { $set: { 'stakeholders.governance_lead': '', promisingAt: START, scanDueOn: 'now' } },
    );
  const live = await opened(`${w.id} in production`);
  await deps.repos.pilots.setStage(w.id, live.pilot.id, 'in_review', 'production', { productionAt: START });
  const gap = await opened(`${w.id} gap closure`);
  await deps.repos.pilots.setStage(w.id, gap.pilot.id, 'in_review', 'pre_production');
  await deps.repos.reviews.addPlanItems([
    {
      teamId: w.id,
      reviewId: gap.review.id,
      pilotId: gap.pilot.id,
      round: 1,
      signal: 'data_infrastructure',
      action: 'Load test the pipeline at production volume',
      ownerId: w.people.technology_lead,
      dueDate: today,
    },
  ]);
  await register(`${w.id} saved without review`);
}

/** Which workspace a Slack call is about: the channel, DM or users it names. */
function workspacesNamedBy(call: RecordedCall): Set<string> {
  const named = new Set<string>();
  const ids = [call.args.channel, call.args.user, call.args.user_id, ...String(call.args.users ?? '').split(',')];
  for (const w of WORKSPACES) {
    const dms = Object.values(w.people).map((p) => h.sim.dmChannelId([p]));
    for (const id of ids) {
      if (typeof id !== 'string' || id === '') continue;
      if (id === w.channel || dms.includes(id) || Object.values(w.people).includes(id)) named.add(w.id);
    }
  }
  return named;
}

const tokenOf = (teamId: string) => WORKSPACES.find((w) => w.id === teamId)?.token;

describe('multi-workspace mode with SLACK_BOT_TOKEN set too: every job acts for its own workspace only', () => {
  it('B’s jobs use B’s token, A’s the env token, and the uninstalled C gets nothing from any job', async () => {
    await install(B);
    await install(C);
    for (const w of WORKSPACES) await seed(w);
    expect(await h.server.deps.auth.uninstall(C.id)).toBe(1);
    h.sim.revokeToken(C.token); // Slack revokes the tokens of an uninstalled app

    // 100 days on, a Monday at 10:00 UTC: digests, nudges, 90-day reviews, plan reminders, purgatory all due.
    const later = new Date(START.getTime() + 100 * DAY);
    later.setUTCDate(later.getUTCDate() + ((8 - later.getUTCDay()) % 7));
    later.setUTCHours(10, 0, 0, 0);
    h.clock.set(later);
    h.sim.reset();

    for (const job of JOBS) {
      const before = h.sim.calls.length;
      await h.server.jobs.runNow(job);
      await h.server.deps.afterAck.drain(5_000);
      const calls = h.sim.calls.slice(before);
      // Each job did reach B with B's own token and A with the env token (so the checks below are not vacuous).
      expect(
        calls.some((c) => c.token === B.token && workspacesNamedBy(c).has(B.id)),
        `${job} reached B`,
      ).toBe(true);
      expect(
        calls.some((c) => c.token === A.token && workspacesNamedBy(c).has(A.id)),
        `${job} reached A`,
      ).toBe(true);
    }
    for (const call of h.sim.calls) {
      const named = [...workspacesNamedBy(call)];
      expect(named, `${call.method} ${JSON.stringify(call.args).slice(0, 200)}`).not.toContain(C.id);
      for (const teamId of named) expect(call.token, `${call.method} for ${teamId}`).toBe(tokenOf(teamId));
    }
    expect(h.sim.calls.filter((c) => c.token === C.token)).toEqual([]);
    expect(h.sim.messages.get(C.channel) ?? []).toEqual([]);
    for (const person of Object.values(C.people)) expect(h.sim.dmsTo(person)).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });

  it('a command from the uninstalled workspace is told PilotGate is not installed; the env token does not stand in', async () => {
    const ack = await h.slack.command({ text: 'list', userId: C.people.executive_sponsor, teamId: C.id });
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: NOT_INSTALLED_TEXT });
    await expect(h.server.deps.clients.forTeam(C.id)).rejects.toThrow(/not installed/);
    expect(await h.server.deps.isInstalled(C.id)).toBe(false);
    expect(await h.server.deps.isInstalled(B.id)).toBe(true);
    expect(await h.server.deps.isInstalled(A.id)).toBe(true);
  });

  it('GATE_ADMINS is admin of the env token’s workspace only', async () => {
    expect(await h.server.deps.isGateAdmin(A.id, 'U0GATEADMIN')).toBe(true);
    expect(await h.server.deps.isGateAdmin(B.id, 'U0GATEADMIN')).toBe(false);
    expect(await h.server.deps.isGateAdmin(C.id, 'U0GATEADMIN')).toBe(false);
    const ack = await h.slack.command({ text: 'settings', userId: 'U0GATEADMIN', teamId: B.id });
    expect((ack.json as { text?: string } | undefined)?.text).toMatch(
      /^Only gate admins can change PilotGate settings, and this workspace has none yet/,
    );
    expect(JSON.stringify(ack.json)).not.toContain('U0GATEADMIN');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.callsTo('views.open')).toEqual([]);
    // In A the same person opens the settings.
    await h.slack.command({ text: 'settings', userId: 'U0GATEADMIN', teamId: A.id });
    await eventually(() => h.sim.callsTo('views.open').length === 1);
  });
});
