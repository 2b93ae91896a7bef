/**
 * A Slack app under load for the ack-latency benchmark, in a process of its own (as in production,
 * the load generator and Slack are elsewhere): `app` is PilotGate via startServer, `bare` is a Bolt
 * app with an HTTPReceiver and no-op handlers, `floor` is that bare app whose view_submission first does
 * the least a save must do (one indexed read, one insert of an answer-sized document, on the same
 * database). Prints `{"port":N}` when ready; SIGTERM stops it.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import mongoose from 'mongoose';
import { z } from 'zod';
import { startServer } from '../../src/app/server.js';
import { connectMongoose, disconnectMongoose } from '../../src/db/connection.js';
import { appEnv, BOT_TOKEN, SIGNING_SECRET } from './app-env.js';

const STOP_GRACE_MS = 3_000;

const Input = z.object({
  mode: z.enum(['app', 'bare', 'floor', 'writes']),
  mongoUri: z.string().min(1),
  dbName: z.string().min(1),
  simUrl: z.url(),
});

type ViewHandler = (view: { private_metadata: string; state: { values: unknown } }, userId: string) => Promise<void>;

async function startBare(
  simUrl: string,
  beforeViewAck?: ViewHandler,
): Promise<{ port: number; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' });
  const app = new App({ token: BOT_TOKEN, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: simUrl } });
  app.command('/gate', async ({ ack }) => {
    await ack();
  });
  app.view(/.*/, async ({ ack, view, body }) => {
    await beforeViewAck?.(view, body.user.id);
    await ack();
  });
  const server = (await app.start(0)) as { address(): { port: number } };
  return {
    port: server.address().port,
    stop: async () => {
      await app.stop();
    },
  };
}

/**
 * The storage floor of a save: the submission's review read by its id (an indexed read), then the page's
 * values inserted as one answer document. Nothing else: no checks, no audit, no follow-up.
 */
async function startFloor(input: z.infer<typeof Input>) {
  await connectMongoose(input.mongoUri, input.dbName);
  const db = mongoose.connection.db!;
  const reviews = db.collection('reviews');
  const answers = db.collection('floor_answers');
  const bare = await startBare(input.simUrl, async (view, userId) => {
    const meta = JSON.parse(view.private_metadata) as { reviewId?: string; round?: number; role?: string };
    // The stand-in view (no review) still reads by _id: an unknown id, the same indexed lookup.
    const known = meta.reviewId && mongoose.isValidObjectId(meta.reviewId);
    const review = await reviews.findOne({
      _id: known ? new mongoose.Types.ObjectId(meta.reviewId) : new mongoose.Types.ObjectId(),
    });
    await answers.insertOne({
      teamId: review?.teamId,
      reviewId: meta.reviewId,
      round: meta.round,
      role: meta.role,
      userId,
      answers: answerValues(view.state.values),
      submittedAt: new Date(),
    });
  });
  return { port: bare.port, stop: () => bare.stop().finally(() => disconnectMongoose()) };
}

/**
 * For the record, beside the floor: bare Bolt making the three single-document writes a save makes before
 * its ack (the review's lock check and sequence, the answer upsert returning what it replaced, the audit
 * event's insert), with none of the app's parsing, checks or rendering. What the storage costs a save.
 */
async function startWrites(input: z.infer<typeof Input>) {
  await connectMongoose(input.mongoUri, input.dbName);
  const db = mongoose.connection.db!;
  const bare = await startBare(input.simUrl, async (view, userId) => {
    const meta = JSON.parse(view.private_metadata) as { reviewId?: string; round?: number; role?: string };
    const known = meta.reviewId && mongoose.isValidObjectId(meta.reviewId);
    const _id = known ? new mongoose.Types.ObjectId(meta.reviewId) : new mongoose.Types.ObjectId();
    await db
      .collection('reviews')
      .findOneAndUpdate({ _id }, { $inc: { benchWrites: 1 } }, { returnDocument: 'before' });
    const answers = answerValues(view.state.values);
    await db
      .collection('floor_answers')
      .findOneAndUpdate(
        { reviewId: meta.reviewId, round: meta.round, role: meta.role, userId },
        { $set: { answers, submittedAt: new Date() } },
        { upsert: true, returnDocument: 'before' },
      );
    await db.collection('floor_events').insertOne({ reviewId: meta.reviewId, userId, after: answers, at: new Date() });
  });
  return { port: bare.port, stop: () => bare.stop().finally(() => disconnectMongoose()) };
}

/** A page's state as answers by question: each input's chosen value(s) or text. */
function answerValues(values: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [blockId, actions] of Object.entries(values as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const a of Object.values(actions)) {
      const option = a.selected_option as { value?: string } | null | undefined;
      const options = a.selected_options as { value?: string }[] | undefined;
      out[blockId] = option?.value ?? options?.map((o) => o.value) ?? a.value ?? a.selected_date ?? null;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const input = Input.parse(JSON.parse(process.env.BENCH_TARGET ?? '{}'));
  const target =
    input.mode === 'bare'
      ? await startBare(input.simUrl)
      : input.mode === 'floor'
        ? await startFloor(input)
        : input.mode === 'writes'
          ? await startWrites(input)
          : await startServer({ env: appEnv(input, input.simUrl) });
  process.once('SIGTERM', () => {
    // Keep-alive connections can hold a graceful stop open; the benchmark is over either way.
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    void target.stop().finally(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ port: target.port })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
