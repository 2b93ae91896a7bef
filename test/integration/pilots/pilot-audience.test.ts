import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AudiencePilot, PilotAudience } from '../../../src/features/pilots/pilot-audience.service.js';
import { createLogger } from '../../../src/shared/logger.js';
import { SlackClients } from '../../../src/slack/slack-clients.js';
import { SlackSimulator } from '../../support/slack-simulator.js';

const sim = new SlackSimulator();
const saved: { pilotId: string; channelPrivate: boolean }[] = [];
let audience: PilotAudience;
beforeAll(async () => {
  await sim.start();
  audience = new PilotAudience({
    clients: new SlackClients(async () => 'xoxb-test', { slackApiUrl: sim.url }),
    logger: createLogger('silent'),
    isGateAdmin: async (_teamId, userId) => userId === 'U0ADMIN',
    savePrivacy: async (_teamId, pilotId, channelPrivate) => void saved.push({ pilotId, channelPrivate }),
  });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.reset();
  saved.length = 0;
});

const pilot = (over: Partial<AudiencePilot> = {}): AudiencePilot => ({
  id: 'P1',
  channelId: 'C0PRIVATE',
  channelPrivate: true,
  stakeholders: { executive_sponsor: 'U0SPONSOR' },
  createdBy: 'U0SPONSOR',
  ...over,
});

describe('PilotAudience (conversations.info / conversations.members at the edge)', () => {
  it('reads every page of a large channel’s members, once per session', async () => {
    const members = Array.from({ length: 450 }, (_v, i) => `U${String(i).padStart(6, '0')}`);
    sim.setChannel('C0PRIVATE', { isPrivate: true, members });
    const session = audience.session('T0SIM0001');
    expect(await session.canSee(pilot(), 'U000449')).toBe(true);
    expect(await session.canSee(pilot(), 'U000000')).toBe(true);
    expect(await session.canSee(pilot(), 'U0NOTHERE')).toBe(false);
    expect(sim.callsTo('conversations.members')).toHaveLength(3); // 200 + 200 + 50, then cached
  });

  it('insiders and public channels ask Slack nothing', async () => {
    const session = audience.session('T0SIM0001');
    expect(await session.canSee(pilot(), 'U0SPONSOR')).toBe(true);
    expect(await session.canSee(pilot(), 'U0ADMIN')).toBe(true);
    expect(await session.canSee(pilot({ channelPrivate: false }), 'U0ANYONE')).toBe(true);
    expect(sim.calls).toEqual([]);
  });

  it('a public channel’s pilot is seen without asking who the gate admins are (a database read)', async () => {
    const asked: string[] = [];
    const counting = new PilotAudience({
      clients: new SlackClients(async () => 'xoxb-test', { slackApiUrl: sim.url }),
      logger: createLogger('silent'),
      isGateAdmin: async (_teamId, userId) => {
        asked.push(userId);
        return false;
      },
      savePrivacy: async () => {},
    });
    expect(await counting.session('T0SIM0001').canSee(pilot({ channelPrivate: false }), 'U0ANYONE')).toBe(true);
    expect(asked).toEqual([]);
    expect(await counting.session('T0SIM0001').canSee(pilot(), 'U0SPONSOR')).toBe(true);
  });

  it('a pilot registered before privacy was stored: looked up with conversations.info and stored', async () => {
    sim.setChannel('C0OLDPRIVATE', { isPrivate: true, members: [] });
    const old = pilot({ id: 'P0OLD', channelId: 'C0OLDPRIVATE', channelPrivate: undefined });
    expect(await audience.session('T0SIM0001').canSee(old, 'U0OUTSIDER')).toBe(false);
    expect(saved).toEqual([{ pilotId: 'P0OLD', channelPrivate: true }]);
  });

  it('when Slack cannot say, the pilot is kept to its insiders (private, no members known)', async () => {
    sim.inject('conversations.info', { error: 'channel_not_found' });
    const old = pilot({ channelId: 'C0GONE', channelPrivate: undefined });
    const session = audience.session('T0SIM0001');
    expect(await session.canSee(old, 'U0OUTSIDER')).toBe(false);
    expect(await session.canSee(old, 'U0SPONSOR')).toBe(true);
    expect(saved).toEqual([]);
    sim.inject('conversations.members', { error: 'missing_scope' });
    expect(await audience.session('T0SIM0001').canSee(pilot({ channelId: 'C0X' }), 'U0MEMBER')).toBe(false);
  });
});
