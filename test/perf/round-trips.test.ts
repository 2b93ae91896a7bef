/**
 * Database round trips per operation, counted with the driver's command monitoring while the real app
 * answers signed Slack requests. Each window starts once earlier work has gone quiet, so agenda's polling
 * (filtered out by collection) and a previous request's follow-up never count for the next operation.
 */
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RoleId } from '../../src/core/catalog.domain.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { commandTable, type DbCommand, DbCommandLog, withCommandMonitoring } from '../support/db-commands.js';
import {
  cardUpdates,
  fillUpToLastPage,
  openQuestionnaire,
  reviewIdOf,
  submitPage,
  validAnswers,
} from '../support/flows/answer.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({
  now: new Date('2026-11-25T12:00:00Z'),
  env: { MONGODB_URI: withCommandMonitoring(inject('mongoUri')) },
});

/** The targets of one operation: all its commands, and the reads of one collection. */
const TARGETS = {
  'open questionnaire': 3,
  'page submit (before ack)': 3,
  'answer follow-up (after ack)': 8,
  '/gate status': 2,
};

const PILOT = 'Round trip counter';
const ROLE: RoleId = 'technology_lead';
const measured: Record<string, DbCommand[]> = {};
let log: DbCommandLog;

const reads = (commands: DbCommand[], collection: string) =>
  commands.filter((c) => c.collection === collection && (c.commandName === 'find' || c.commandName === 'aggregate'))
    .length;

async function cardOf(reviewId: string): Promise<{ channel: string; ts: string }> {
  const review = await mongoose.connection
    .collection('reviews')
    .findOne({ _id: new mongoose.Types.ObjectId(reviewId) });
  return review?.card as { channel: string; ts: string };
}

/** Runs `operation` as one window once the database has gone quiet; returns its commands. */
async function measure(name: string, operation: () => Promise<void>): Promise<DbCommand[]> {
  await h.server.deps.afterAck.drain(10_000);
  await log.quiet();
  log.mark(`${name}:start`);
  await operation();
  await h.server.deps.afterAck.drain(10_000);
  await log.quiet();
  log.mark(`${name}:end`);
  return log.between(`${name}:start`, `${name}:end`);
}

beforeAll(() => {
  log = DbCommandLog.attach(mongoose.connection.getClient());
});

/** A pilot with its review card posted (the simulator forgets messages before each test: one per test). */
async function openReview(name: string): Promise<string> {
  expect((await registerPilot(h, { name })).text).toBe('');
  await eventually(() => h.sim.lastMessageIn(CHANNEL));
  const reviewId = await eventually(() => reviewIdOf(h, name).catch(() => null));
  await eventually(async () => {
    const review = await mongoose.connection
      .collection('reviews')
      .findOne({ _id: new mongoose.Types.ObjectId(reviewId) });
    return review?.card?.ts;
  });
  return reviewId;
}

afterAll(() => {
  console.log(`database commands per operation (command collection x operation):\n${commandTable(measured)}`);
});

describe('database round trips per operation', () => {
  it('opening a questionnaire sends at most 3 commands', async () => {
    const reviewId = await openReview(PILOT);
    const card = await cardOf(reviewId);
    const commands = await measure('open', async () => {
      // The click itself, not openQuestionnaire(): that helper reads the card from the database first.
      const click = await h.slack.blockAction({
        userId: STAKEHOLDERS[ROLE],
        actionId: Ids.review.answerButton,
        value: reviewId,
        channelId: card.channel,
        messageTs: card.ts,
      });
      expect(click.status).toBe(200);
      await eventually(() => h.sim.callsTo('views.open').find((c) => c.args.trigger_id === click.triggerId));
    });
    measured['open questionnaire'] = commands;
    expect(commands.length).toBeLessThanOrEqual(TARGETS['open questionnaire']);
  });

  it('a page submission that saves sends at most 3 commands before its ack, and at most 8 after it', async () => {
    const reviewId = await openReview(`${PILOT} two`);
    const answers = validAnswers(h.server.deps.manifests.current, ROLE, 'confirmed');
    const opened = await openQuestionnaire(h, { reviewId, role: ROLE, userId: STAKEHOLDERS[ROLE] });
    const lastPage = await fillUpToLastPage(h, { userId: STAKEHOLDERS[ROLE], role: ROLE, view: opened, answers });
    const card = await cardOf(reviewId);
    const before = cardUpdates(h, card.ts);
    // The ack's moment, seen from inside the app: the follow-up is queued right after the ack is sent.
    const queue = h.server.deps.afterAck;
    const push = queue.push.bind(queue);
    queue.push = (key, task) => {
      log.mark('submit:ack');
      push(key, task);
    };
    try {
      await measure('submit', async () => {
        const ack = await submitPage(h, { userId: STAKEHOLDERS[ROLE], role: ROLE, view: lastPage, answers });
        expect(ack.text).toBe('');
        await eventually(() => cardUpdates(h, card.ts) > before);
      });
    } finally {
      queue.push = push;
    }
    const beforeAck = log.between('submit:start', 'submit:ack');
    const afterAck = log.between('submit:ack', 'submit:end');
    measured['page submit (before ack)'] = beforeAck;
    measured['answer follow-up (after ack)'] = afterAck;
    expect.soft(reads(afterAck, 'reviews'), 'reads of the review after the ack').toBe(1);
    expect.soft(reads(afterAck, 'pilots'), 'reads of the pilot after the ack').toBe(1);
    expect.soft(afterAck.length, 'commands after the ack').toBeLessThanOrEqual(TARGETS['answer follow-up (after ack)']);
    expect(beforeAck.length, 'commands before the ack').toBeLessThanOrEqual(TARGETS['page submit (before ack)']);
  });

  it('/gate status sends at most 2 commands', async () => {
    const commands = await measure('status', async () => {
      const ack = await h.slack.command({ text: `status ${PILOT}`, userId: STAKEHOLDERS[ROLE], channelId: CHANNEL });
      expect(ack.status).toBe(200);
      await eventually(() => h.sim.responses.find((r) => r.url === ack.responseUrl));
    });
    measured['/gate status'] = commands;
    expect(commands.length).toBeLessThanOrEqual(TARGETS['/gate status']);
  });
});
