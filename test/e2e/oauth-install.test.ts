import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { NOT_INSTALLED_TEXT } from '../../src/features/install/workspace-auth.js';
import { eventually, useApp } from '../support/app-harness.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const NEW_TEAM = { id: 'T0NEWTEAM', name: 'New Team', domain: 'newteam' };
const INSTALLED_TOKEN = 'xoxb-new-team-installed-token';

// OAuth mode: no SLACK_BOT_TOKEN at all, so every token comes from the installation store.
const h = useApp({
  env: {
    SLACK_BOT_TOKEN: '',
    SLACK_CLIENT_ID: '111.222',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
    TOKEN_ENCRYPTION_KEY: KEY,
  },
});
const base = () => `http://127.0.0.1:${h.server.port}`;
const installations = () => mongoose.connection.collection('installations');

async function install(): Promise<Response> {
  const started = await fetch(`${base()}/slack/install`, { redirect: 'manual' });
  expect(started.status).toBe(302);
  const consent = new URL(started.headers.get('location') ?? '');
  expect(consent.origin + consent.pathname).toBe('https://slack.com/oauth/v2/authorize');
  expect(consent.searchParams.get('scope')).toContain('commands');
  const state = consent.searchParams.get('state') ?? '';
  const cookie = (started.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toContain(state);
  return fetch(`${base()}/slack/oauth_redirect?code=granted-code&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
    redirect: 'manual',
  });
}

describe('multi-workspace install (OAuth)', () => {
  it('installs: the grant is exchanged, the installation stored with the bot token encrypted', async () => {
    h.sim.oauthResponse = {
      ...h.sim.oauthResponse,
      access_token: INSTALLED_TOKEN,
      team: { id: NEW_TEAM.id, name: NEW_TEAM.name },
    };
    h.sim.bindToken(INSTALLED_TOKEN, NEW_TEAM);
    const done = await install();
    expect(done.status).toBe(200);
    expect(h.sim.callsTo('oauth.v2.access')[0]?.args).toMatchObject({ code: 'granted-code', client_id: '111.222' });
    const doc = await installations().findOne({ teamId: NEW_TEAM.id });
    expect(doc).toMatchObject({ installKey: '-:T0NEWTEAM', isEnterpriseInstall: false, botUserId: 'U0SIMBOT' });
    expect(JSON.stringify(doc)).not.toContain(INSTALLED_TOKEN);
    expect(doc?.sealedBotToken).toMatch(/^v1\.[0-9a-f]{12}\./);
    // The installer is welcomed in a DM, sent with the new workspace's own token.
    const welcome = await eventually(() => h.sim.dmsTo('U0INSTALLER').at(-1));
    expect(welcome.text).toMatch(/^PilotGate is installed\. Invite it to a channel and run \/gate start/);
    expect(welcome.team).toBe(NEW_TEAM.id);
    expect(h.sim.violations).toEqual([]);
  });

  it('a command in the new workspace works with the installed token', async () => {
    const ack = await h.slack.command({ text: 'start Claims bot', userId: 'U0NEWUSER', teamId: NEW_TEAM.id });
    expect(ack.status).toBe(200);
    const [open] = await eventually(() => (h.sim.callsTo('views.open').length ? h.sim.callsTo('views.open') : null));
    // The simulator acts in the team the token is bound to: only the installed token maps to T0NEWTEAM.
    expect((open?.response as { view?: { team_id?: string } } | undefined)?.view?.team_id).toBe(NEW_TEAM.id);
    expect(h.sim.violations).toEqual([]);
  });

  it('a workspace that never installed gets a clear message, not silence', async () => {
    const ack = await h.slack.command({ text: 'list', userId: 'U0STRANGER', teamId: 'T0NEVER' });
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: NOT_INSTALLED_TEXT });
  });

  it('app_uninstalled deletes the installation; commands there then say PilotGate is not installed', async () => {
    const ack = await h.slack.event({ teamId: NEW_TEAM.id, event: { type: 'app_uninstalled' } });
    expect(ack.status).toBe(200);
    await eventually(async () => (await installations().countDocuments({ teamId: NEW_TEAM.id })) === 0);
    expect(await h.server.deps.isInstalled(NEW_TEAM.id)).toBe(false);
    await expect(h.server.deps.clients.forTeam(NEW_TEAM.id)).rejects.toThrow(/not installed/);
    const after = await h.slack.command({ text: 'start Claims bot', userId: 'U0NEWUSER', teamId: NEW_TEAM.id });
    expect(after.json).toEqual({ response_type: 'ephemeral', text: NOT_INSTALLED_TEXT });
    expect(h.sim.callsTo('views.open')).toEqual([]);
    // The data is kept for UNINSTALL_RETENTION, then deleted (unless the workspace comes back).
    await eventually(() => mongoose.connection.collection('workspace_lifecycle').findOne({ teamId: NEW_TEAM.id }));
  });

  it('tokens_revoked for the bot deletes a reinstalled workspace too', async () => {
    expect((await install()).status).toBe(200);
    expect(await h.server.deps.isInstalled(NEW_TEAM.id)).toBe(true);
    // Reinstalled inside the retention window: its data is no longer due for deletion.
    await eventually(
      async () =>
        (await mongoose.connection.collection('workspace_lifecycle').countDocuments({ teamId: NEW_TEAM.id })) === 0,
    );
    await h.slack.event({
      teamId: NEW_TEAM.id,
      event: { type: 'tokens_revoked', tokens: { oauth: [], bot: ['U0SIMBOT'] } },
    });
    await eventually(async () => (await installations().countDocuments({ teamId: NEW_TEAM.id })) === 0);
  });
});
