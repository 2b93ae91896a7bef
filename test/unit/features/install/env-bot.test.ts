import { describe, expect, it } from 'vitest';
import { EnvBot } from '../../../../src/features/install/env-bot.js';

describe('EnvBot: the one workspace SLACK_BOT_TOKEN belongs to', () => {
  it('serves only the team start-up found, without asking Slack again', async () => {
    let asked = 0;
    const bot = new EnvBot('xoxb-env', 'T0HOME', async () => {
      asked++;
      return 'T0OTHER';
    });
    expect(await bot.belongsTo('T0HOME')).toBe(true);
    expect(await bot.belongsTo('T0OTHER')).toBe(false);
    expect(await bot.belongsTo(undefined)).toBe(false);
    expect(asked).toBe(0);
  });

  it('unknown at start-up: looked up on first use, at most every 30 s while Slack cannot say, then kept', async () => {
    let now = 0;
    const answers: (string | null | Error)[] = [new Error('ECONNREFUSED'), null, 'T0HOME'];
    let asked = 0;
    const bot = new EnvBot(
      'xoxb-env',
      null,
      async () => {
        asked++;
        const next = answers.shift() ?? null;
        if (next instanceof Error) throw next;
        return next;
      },
      () => now,
    );
    // Until Slack names the team, the token serves nobody.
    expect(await bot.belongsTo('T0HOME')).toBe(false);
    now = 10_000;
    expect(await bot.teamId()).toBeNull();
    expect(asked).toBe(1);
    now = 31_000;
    expect(await bot.teamId()).toBeNull();
    now = 62_000;
    expect(await Promise.all([bot.teamId(), bot.teamId()])).toEqual(['T0HOME', 'T0HOME']);
    expect(asked).toBe(3);
    now = 63_000;
    expect(await bot.belongsTo('T0HOME')).toBe(true);
    expect(asked).toBe(3);
  });
});
