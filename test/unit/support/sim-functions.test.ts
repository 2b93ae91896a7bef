import { LogLevel, type WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ids } from '../../../src/slack/ids.js';
import { SlackSimulator } from '../../support/slack-simulator.js';

const sim = new SlackSimulator();
const STATUS = { pilot_name: 'Invoice triage assistant', asked_by: 'U0SPONSOR' };
const SIGNALS = {
  kpi_validation: 'Pending',
  data_infrastructure: 'Pending',
  governance: 'Pending',
  user_adoption: 'Pending',
  operational_ownership: 'Pending',
};

/** A WebClient with the execution's own token, as Bolt's complete() and fail() use. */
function stepClient(token: string) {
  return new WebClient(token, { slackApiUrl: sim.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
}
const started = () => sim.functions.start(Ids.workflow.gateStatus, STATUS, sim.bot.appId);
async function slackError(p: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  try {
    await p;
  } catch (err) {
    return (err as WebAPIPlatformError).data;
  }
  throw new Error('expected the call to fail');
}

beforeAll(() => sim.start());
afterAll(() => sim.stop());

describe('simulator: Workflow Builder steps (functions.completeSuccess / completeError)', () => {
  it("sends the manifest's declared parameters in function_executed and refuses inputs Slack would not send", () => {
    const event = started();
    expect(event.function.callback_id).toBe('get_gate_status');
    expect(event.function.input_parameters.map((p) => p.name)).toEqual(['pilot_name', 'asked_by']);
    expect(event.function.output_parameters.find((p) => p.name === 'outcome')?.is_required).toBe(true);
    expect(event.bot_access_token).toMatch(/^xwfp-/);
    expect(() => sim.functions.start(Ids.workflow.gateStatus, { ...STATUS, pilot: 'x' }, sim.bot.appId)).toThrow(
      /pilot: not a declared parameter/,
    );
    expect(() => sim.functions.start(Ids.workflow.gateStatus, { pilot_name: 'x' }, sim.bot.appId)).toThrow(
      /asked_by: required/,
    );
  });

  it('completes with exactly the declared outputs, once', async () => {
    const event = started();
    const client = stepClient(event.bot_access_token);
    const outputs = { outcome: 'Collecting answers', stage: 'In review', ...SIGNALS };
    await client.functions.completeSuccess({ function_execution_id: event.function_execution_id, outputs });
    expect(sim.functions.executions.get(event.function_execution_id)).toMatchObject({ state: 'completed', outputs });
    expect(
      await slackError(
        client.functions.completeSuccess({ function_execution_id: event.function_execution_id, outputs }),
      ),
    ).toMatchObject({ error: 'execution_not_in_running_state' });
  });

  it('rejects undeclared, missing or mistyped outputs as Slack does (parameter_validation_failed)', async () => {
    const event = started();
    const client = stepClient(event.bot_access_token);
    const id = event.function_execution_id;
    const bad = { outcome: 'Collecting answers', stage: 3, signals: 'all pending' };
    const data = await slackError(client.functions.completeSuccess({ function_execution_id: id, outputs: bad }));
    expect(data).toMatchObject({ error: 'parameter_validation_failed' });
    expect((data as unknown as { errors: string[] }).errors).toEqual(
      expect.arrayContaining(['signals: not a declared parameter', 'stage: expected string', 'governance: required']),
    );
    expect(sim.functions.executions.get(id)?.state).toBe('running');
  });

  it("fails an execution with its error text, only with the execution's own token", async () => {
    const event = started();
    const id = event.function_execution_id;
    expect(
      await slackError(
        new WebClient('xoxb-other', {
          slackApiUrl: sim.url,
          retryConfig: { retries: 0 },
          logLevel: LogLevel.ERROR,
        }).functions.completeError({ function_execution_id: id, error: 'x' }),
      ),
    ).toMatchObject({ error: 'access_denied' });
    expect(
      await slackError(
        stepClient(event.bot_access_token).functions.completeError({ function_execution_id: 'Fx0NOPE', error: 'x' }),
      ),
    ).toMatchObject({ error: 'function_execution_not_found' });
    await stepClient(event.bot_access_token).functions.completeError({
      function_execution_id: id,
      error: '{pilot_name: no}',
    });
    expect(sim.functions.executions.get(id)).toMatchObject({ state: 'failed', error: '{pilot_name: no}' });
  });
});
