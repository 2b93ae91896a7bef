import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src/config/settings.js';
import { createLogger } from '../../../src/shared/logger.js';
import { verifyBotToken } from '../../../src/slack/verify-bot-token.js';
import { SlackSimulator } from '../../support/slack-simulator.js';

const sim = new SlackSimulator();
const logger = createLogger('silent');
beforeAll(() => sim.start());
afterAll(() => sim.stop());

describe('verifyBotToken (start-up check of SLACK_BOT_TOKEN)', () => {
  it("returns the bot's identity so Bolt never calls auth.test on its own", async () => {
    expect(await verifyBotToken('xoxb-good', sim.url, logger)).toEqual({
      botId: sim.bot.botId,
      botUserId: sim.bot.userId,
      teamId: sim.team.id,
    });
  });

  it('stops start-up with a line naming SLACK_BOT_TOKEN when Slack rejects the token', async () => {
    sim.inject('auth.test', { error: 'invalid_auth' });
    const error = await verifyBotToken('xoxb-revoked', sim.url, logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: Slack rejected the token \(invalid_auth\)/),
    ]);
  });

  it('starts anyway (identity looked up later) when Slack cannot be reached', async () => {
    expect(await verifyBotToken('xoxb-good', 'http://127.0.0.1:9/api/', logger)).toBeNull();
  });
});
