import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/shared/errors.js';
import { type ActionArgs, onAction } from '../../../../src/slack/pipeline/action.js';
import { runCommand } from '../../../../src/slack/pipeline/command.js';
import { orElse, runFollowUps } from '../../../../src/slack/pipeline/follow-up.js';
import { onViewSubmission, type ViewArgs } from '../../../../src/slack/pipeline/view-submission.js';
import { capturedLogger, fakeArgs } from './fakes.js';

const APOLOGY = /^Something went wrong on our side and nothing was changed\. Please try again\. \(ref ([0-9a-f]{8})\)$/;

/** A submission flow whose run does what `run` says. */
function submissionFlow(run: () => Promise<string>, followUp?: () => Promise<void>, told?: string[]) {
  return {
    flow: 'test-submit',
    parse: (args: ViewArgs) =>
      args.view.private_metadata === 'stale'
        ? { ok: false as const, ack: { response_action: 'errors' as const, errors: { name: 'out of date' } } }
        : { ok: true as const, input: 'in' },
    run,
    render: (output: string) => ({
      response_action: 'update' as const,
      view: { type: 'modal' as const, title: { type: 'plain_text' as const, text: output }, blocks: [] },
    }),
    errors: { block: 'name', shorten: (t: string) => t.slice(0, 150) },
    ...(followUp
      ? { followUps: () => [{ step: 'test-follow-up', run: followUp, tell: async (t: string) => void told?.push(t) }] }
      : {}),
  };
}

describe('onViewSubmission', () => {
  it('acks with the rendered result of the one service call', async () => {
    const { logger } = capturedLogger();
    const { args, acks } = fakeArgs<ViewArgs>();
    await onViewSubmission(
      logger,
      submissionFlow(async () => 'saved'),
    )(args);
    expect(acks).toEqual([expect.objectContaining({ response_action: 'update' })]);
  });

  it('acks a refused parse as it is, without calling the service', async () => {
    const { logger } = capturedLogger();
    const { args, acks } = fakeArgs<ViewArgs>({ view: { private_metadata: 'stale', state: { values: {} } } });
    let called = false;
    const run = async () => {
      called = true;
      return 'x';
    };
    await onViewSubmission(logger, submissionFlow(run))(args);
    expect(acks).toEqual([{ response_action: 'errors', errors: { name: 'out of date' } }]);
    expect(called).toBe(false);
  });

  it("maps a DomainError's field errors to response_action: errors, keyed by block id", async () => {
    const { logger, lines } = capturedLogger();
    const { args, acks } = fakeArgs<ViewArgs>();
    const refuse = async () => {
      throw new DomainError('invalid_input', 'Fix it', { 'pilot.kpis': 'Add a KPI.' });
    };
    await onViewSubmission(logger, submissionFlow(refuse))(args);
    expect(acks).toEqual([{ response_action: 'errors', errors: { 'pilot.kpis': 'Add a KPI.' } }]);
    expect(lines.filter((l) => l.level === 50)).toEqual([]);
  });

  it("puts a DomainError without fields on the placement's block, in its own words", async () => {
    const { logger } = capturedLogger();
    const { args, acks } = fakeArgs<ViewArgs>();
    const refuse = async () => {
      throw new DomainError('conflict', 'A pilot with that name exists.');
    };
    await onViewSubmission(logger, submissionFlow(refuse))(args);
    expect(acks).toEqual([{ response_action: 'errors', errors: { name: 'A pilot with that name exists.' } }]);
  });

  it('gives an unknown error a correlation id, in the person’s message and in one log line', async () => {
    const { logger, lines } = capturedLogger();
    const { args, acks } = fakeArgs<ViewArgs>();
    await onViewSubmission(
      logger,
      submissionFlow(async () => Promise.reject(new Error('boom'))),
    )(args);
    const message = (acks[0] as { errors: { name: string } }).errors.name;
    const ref = APOLOGY.exec(message)?.[1];
    expect(ref).toBeDefined();
    const logged = lines.filter((l) => l.msg === 'unexpected error');
    expect(logged).toEqual([expect.objectContaining({ correlationId: ref, teamId: 'T1', flow: 'test-submit' })]);
  });

  it('runs follow-ups after the ack; a failing one is logged once and told, never thrown', async () => {
    const { logger, lines } = capturedLogger();
    const { args, acks } = fakeArgs<ViewArgs>();
    const told: string[] = [];
    const order: string[] = [];
    const flow = submissionFlow(
      async () => 'saved',
      async () => {
        order.push(`follow-up after ${acks.length} ack`);
        throw new Error('card not updated');
      },
      told,
    );
    await onViewSubmission(logger, flow)(args);
    expect(order).toEqual(['follow-up after 1 ack']);
    expect(told).toEqual([expect.stringMatching(APOLOGY)]);
    expect(lines.filter((l) => l.msg === 'unexpected error')).toEqual([
      expect.objectContaining({ flow: 'test-follow-up', teamId: 'T1' }),
    ]);
  });
});

describe('onAction', () => {
  const click = () =>
    fakeArgs<ActionArgs>({ body: { type: 'block_actions', team: { id: 'T1' }, user: { id: 'U1' }, actions: [] } });

  it('acks before the flow runs', async () => {
    const { logger } = capturedLogger();
    const { args, acks } = click();
    const acksWhenRun: number[] = [];
    await onAction(logger, { flow: 'open', handle: async () => void acksWhenRun.push(acks.length) })(args);
    expect(acksWhenRun).toEqual([1]);
  });

  it("tells the clicker a DomainError's message as an ephemeral-style reply, without an error log", async () => {
    const { logger, lines } = capturedLogger();
    const { args } = click();
    const told: string[] = [];
    await onAction(logger, {
      flow: 'open',
      handle: async () => {
        throw new DomainError('forbidden', 'Only the sponsor decides.');
      },
      tell: async (_args, text) => void told.push(text),
    })(args);
    expect(told).toEqual(['Only the sponsor decides.']);
    expect(lines.filter((l) => l.level === 50)).toEqual([]);
  });

  it('tells an unknown error with the correlation id of its log line', async () => {
    const { logger, lines } = capturedLogger();
    const { args } = click();
    const told: string[] = [];
    await onAction(logger, {
      flow: 'open',
      handle: async () => Promise.reject(new Error('boom')),
      tell: async (_args, text) => void told.push(text),
    })(args);
    const ref = APOLOGY.exec(told[0] ?? '')?.[1];
    expect(lines.find((l) => l.msg === 'unexpected error')).toMatchObject({ correlationId: ref, flow: 'open' });
  });

  it('logs, and does not throw, when telling fails too', async () => {
    const { logger, lines } = capturedLogger();
    const { args } = click();
    const flow = {
      flow: 'open',
      handle: async () => Promise.reject(new DomainError('not_found', 'Gone.')),
      tell: async () => Promise.reject(new Error('slack down')),
    };
    await expect(onAction(logger, flow)(args)).resolves.toBeUndefined();
    expect(lines.find((l) => l.msg === 'could not tell the user')).toMatchObject({ flow: 'open', userId: 'U1' });
  });
});

describe('runCommand', () => {
  it('answers an error with an ephemeral: a DomainError in its words, anything else with a ref', async () => {
    const { logger } = capturedLogger();
    const said: unknown[] = [];
    const respond = async (m: unknown) => void said.push(m);
    const ctx = { teamId: 'T1', command: 'status' };
    await runCommand(logger, ctx, respond as never, async () =>
      Promise.reject(new DomainError('not_found', 'No pilot.')),
    );
    await runCommand(logger, ctx, respond as never, async () => Promise.reject(new Error('boom')));
    expect(said).toEqual([
      { response_type: 'ephemeral', text: 'No pilot.' },
      { response_type: 'ephemeral', text: expect.stringMatching(APOLOGY) },
    ]);
  });
});

describe('orElse and runFollowUps', () => {
  it('returns the fallback and logs a warning with context instead of swallowing', async () => {
    const { logger, lines } = capturedLogger();
    const tz = await orElse(
      logger,
      { flow: 'tz', teamId: 'T1' },
      'no time zone',
      () => Promise.reject(new Error('x')),
      'UTC',
    );
    expect(tz).toBe('UTC');
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'no time zone', flow: 'tz', teamId: 'T1' })]);
  });

  it('runs every step even when one fails', async () => {
    const { logger } = capturedLogger();
    const ran: string[] = [];
    await runFollowUps(logger, { teamId: 'T1' }, [
      { step: 'a', run: async () => Promise.reject(new Error('a')) },
      { step: 'b', run: async () => void ran.push('b') },
    ]);
    expect(ran).toEqual(['b']);
  });
});
