/**
 * What the ack-latency benchmark sends: `/gate status` and a questionnaire submission when those
 * features are in the tree, else `/gate help` and the registration modal's inline-error path as
 * stand-ins (labelled as such). Prepared through the real app in this process, then that app stops
 * and the measured one starts in a process of its own on the same database and simulator.
 */
import mongoose from 'mongoose';
import { startServer } from '../../src/app/server.js';
import { ManualClock } from '../../src/shared/clock.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, type Harness } from '../../test/support/app-harness.js';
import { type DbCommand, DbCommandLog, withCommandMonitoring } from '../../test/support/db-commands.js';
import {
  fillUpToLastPage,
  openQuestionnaire,
  questionnaireState,
  reviewIdOf,
  submitPage,
  validAnswers,
} from '../../test/support/flows/answer.js';
import { CHANNEL, registerPilot, registrationState } from '../../test/support/flows/register.js';
import { measureAroundAck, measureWindow, type RoundTripOperation } from '../../test/support/round-trips.js';
import { type CommandInput, SignedSlackClient, type ViewSubmissionInput } from '../../test/support/signed-client.js';
import type { SlackSimulator } from '../../test/support/slack-simulator.js';
import { appEnv, SIGNING_SECRET } from './app-env.js';
import { Reviews } from './db.js';
import type { BenchContext } from './report.js';

export interface Scenario {
  /** Database commands per operation, counted on one request of each kind before the load. */
  roundTrips: Partial<Record<RoundTripOperation, DbCommand[]>>;
  commandLabel: string;
  command(sender: number): CommandInput;
  viewLabel: string;
  view(sender: number): ViewSubmissionInput;
}

const SPONSOR = 'U0SPONSOR';
const pilotName = (i: number) => `Load pilot ${i}`;
const techLead = (i: number) => `U0TECH${String(i).padStart(3, '0')}`;

const helpCommand = (sender: number): CommandInput => ({ text: 'help', userId: `U0LOAD${sender}`, channelId: CHANNEL });

/** Registration with an empty name: validated, answered with inline errors, nothing saved. */
const invalidRegistration = (sender: number): ViewSubmissionInput => ({
  userId: `U0LOAD${sender}`,
  view: {
    callback_id: Ids.pilot.registerModal,
    private_metadata: JSON.stringify({ channelId: CHANNEL }),
    state: { values: registrationState({ name: '' }) },
  },
});

async function statusAvailable(h: Harness): Promise<boolean> {
  const ack = await h.slack.command({ text: `status ${pilotName(0)}`, userId: SPONSOR, channelId: CHANNEL });
  return ack.status === 200 && !/not available yet/i.test(ack.text);
}

/**
 * One request of each measured kind, alone, its database commands counted as the round-trip test counts
 * them: opening pilot 0's questionnaire, `/gate status`, and an edit of pilot 0's answers (then put back).
 */
async function countRoundTrips(
  h: Harness,
  submissions: ViewSubmissionInput[][] | undefined,
  status: boolean,
): Promise<Scenario['roundTrips']> {
  const log = DbCommandLog.attach(mongoose.connection.getClient());
  const queue = h.server.deps.afterAck;
  const counted: Scenario['roundTrips'] = {};
  if (status) {
    counted['/gate status'] = await measureWindow(log, queue, 'status', async () => {
      const ack = await h.slack.command({ text: `status ${pilotName(0)}`, userId: 'U0BYSTANDER', channelId: CHANNEL });
      await eventually(() => h.sim.responses.find((r) => r.url === ack.responseUrl));
    });
  }
  const own = submissions?.[0];
  if (!own) return counted;
  const review = await Reviews.findOne({}, { card: 1 })
    .sort({ _id: 1 })
    .lean<{ _id: unknown; card: { channel: string; ts: string } }>();
  if (review?.card?.ts) {
    counted['open questionnaire'] = await measureWindow(log, queue, 'open', async () => {
      const click = await h.slack.blockAction({
        userId: techLead(0),
        actionId: Ids.review.answerButton,
        value: String(review._id),
        channelId: review.card.channel,
        messageTs: review.card.ts,
      });
      await eventually(() => h.sim.callsTo('views.open').find((c) => c.args.trigger_id === click.triggerId));
    });
  }
  const [edit, back] = own;
  const split = await measureAroundAck(log, queue, 'submit', async () => {
    const ack = await h.slack.viewSubmission(edit!);
    if (ack.status !== 200 || ack.text !== '') throw new Error(`counted submission refused: ${ack.text}`);
  });
  counted['page submit (before ack)'] = split.beforeAck;
  counted['answer follow-up (after ack)'] = split.afterAck;
  await h.slack.viewSubmission(back!);
  await queue.drain(10_000);
  return counted;
}

/** Each pilot's technology lead holds the last page of their questionnaire, filled in, ready to submit. */
async function questionnaireSubmissions(h: Harness, pilots: number): Promise<ViewSubmissionInput[][]> {
  const manifest = h.server.deps.manifests.current;
  const role = 'technology_lead' as const;
  const answers = validAnswers(manifest, role, 'confirmed');
  // The measured submissions alternate between these and the first ones: every one is a real edit.
  const edited = validAnswers(manifest, role, 'conditional');
  const out: ViewSubmissionInput[][] = [];
  for (let i = 0; i < pilots; i++) {
    const reviewId = await eventually(() => reviewIdOf(h, pilotName(i)));
    const opened = await openQuestionnaire(h, { reviewId, role, userId: techLead(i) });
    const last = await fillUpToLastPage(h, { userId: techLead(i), role, view: opened, answers });
    const first = await submitPage(h, { userId: techLead(i), role, view: last, answers });
    if (first.status !== 200 || /"errors"/.test(first.text)) throw new Error(`submission refused: ${first.text}`);
    // An edit as people make one: the questionnaire opened again on the saved answers.
    const reopened = await openQuestionnaire(h, { reviewId, role, userId: techLead(i) });
    const submission = (values: typeof answers): ViewSubmissionInput => ({
      userId: techLead(i),
      view: {
        id: reopened.id,
        callback_id: reopened.callback_id,
        private_metadata: reopened.private_metadata,
        state: { values: questionnaireState(manifest, role, values, reopened.blocks) },
      },
    });
    out.push([submission(edited), submission(answers)]);
  }
  // Let the app finish publishing those answers (card updates) before it is stopped.
  await eventually(async () => (await Reviews.countDocuments({ answeredRoles: role })) >= pilots, 30_000);
  await new Promise((r) => setTimeout(r, 500));
  return out;
}

/** Registers `pilots` pilots through the real app and works out which requests can be measured. */
export async function prepareScenario(ctx: BenchContext, sim: SlackSimulator, pilots: number): Promise<Scenario> {
  const server = await startServer({ env: appEnv({ ...ctx, mongoUri: withCommandMonitoring(ctx.mongoUri) }, sim.url) });
  const slack = new SignedSlackClient({
    appUrl: `http://127.0.0.1:${server.port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    simulator: sim,
  });
  const h: Harness = { sim, slack, server, clock: new ManualClock(new Date()), dbName: ctx.dbName };
  try {
    for (let i = 0; i < pilots; i++) {
      const ack = await registerPilot(h, { name: pilotName(i), stakeholders: { technology_lead: techLead(i) } });
      if (ack.status !== 200 || ack.text.includes('errors')) throw new Error(`registration failed: ${ack.text}`);
    }
    const status = await statusAvailable(h);
    const submissions = await questionnaireSubmissions(h, pilots).catch((error: unknown) => {
      process.stderr.write(`[bench] questionnaire flow not usable, using the stand-in: ${String(error)}\n`);
      return undefined;
    });
    const roundTrips = await countRoundTrips(h, submissions, status);
    return {
      roundTrips,
      commandLabel: status ? '/gate status <pilot>' : '/gate help (STAND-IN: /gate status not available yet)',
      command: status
        ? (s) => ({ text: `status ${pilotName(s % pilots)}`, userId: SPONSOR, channelId: CHANNEL })
        : helpCommand,
      viewLabel: submissions
        ? 'questionnaire submission (technology lead, an edit each time: confirmed ↔ conditional)'
        : 'registration with inline errors (STAND-IN: questionnaire submission not available yet)',
      view: submissions ? alternating(submissions) : invalidRegistration,
    };
  } finally {
    await server.stop();
  }
}

/** Sender s's submissions in turn, so that each request changes what the one before stored. */
function alternating(submissions: ViewSubmissionInput[][]): (sender: number) => ViewSubmissionInput {
  const sent = new Map<number, number>();
  return (sender) => {
    const own = submissions[sender % submissions.length]!;
    const n = sent.get(sender) ?? 0;
    sent.set(sender, n + 1);
    return own[n % own.length]!;
  };
}
