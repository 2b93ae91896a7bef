/**
 * Recording a decision through Slack, as the sponsor would: *Record decision* on the card (or
 * `/gate decide`), pick a decision in the radio (the modal re-renders with its fields), submit.
 */
import mongoose from 'mongoose';
import { Ids } from '../../../src/slack/ids.js';
import { eventually, type Harness } from '../app-harness.js';
import {
  type AckResult,
  numberValue,
  plainTextValue,
  radio,
  type StateValues,
  selectedDate,
  selectedUser,
  selectedUsers,
} from '../signed-client.js';
import type { SimView } from '../slack-simulator.js';
import { reviewIdOf } from './answer.js';
import { CHANNEL, type RegistrationValues, registerPilot } from './register.js';

const reviews = () => mongoose.connection.collection('reviews');
export const oid = (id: string) => new mongoose.Types.ObjectId(id);

/** Registers a pilot and waits until its review card is posted; returns the review id. */
export async function newReview(h: Harness, name: string, values: RegistrationValues = {}): Promise<string> {
  const ack = await registerPilot(h, { ...values, name });
  if (ack.text !== '') throw new Error(`registration refused: ${ack.text}`);
  const reviewId = await eventually(() => reviewIdOf(h, name).catch(() => null));
  // `card` is stored as `{}` until the post returns; wait for its ts.
  await eventually(async () => (await reviews().findOne({ _id: oid(reviewId) }))?.card?.ts);
  return reviewId;
}

/** The review's card reference. */
export async function cardRef(reviewId: string): Promise<{ channel: string; ts: string }> {
  const review = await reviews().findOne({ _id: oid(reviewId) });
  return review?.card as { channel: string; ts: string };
}

/** Clicks *Record decision* on the card as `userId`; returns the click's ack (with its trigger id). */
export async function clickDecide(h: Harness, reviewId: string, userId: string): Promise<AckResult> {
  const card = await cardRef(reviewId);
  return h.slack.blockAction({
    userId,
    actionId: Ids.review.decideButton,
    value: reviewId,
    channelId: card.channel,
    messageTs: card.ts,
  });
}

/** The modal views.open succeeded with for a trigger id. */
export async function openedWith(h: Harness, triggerId: string | undefined): Promise<SimView> {
  const call = await eventually(() =>
    h.sim.callsTo('views.open').find((c) => c.args.trigger_id === triggerId && (c.response as { ok?: boolean }).ok),
  );
  const id = (call.response as { view: { id: string } }).view.id;
  return h.sim.views.get(id)!;
}

/** Opens the decision modal from the card as `userId`. */
export async function openDecision(h: Harness, reviewId: string, userId = 'U0SPONSOR'): Promise<SimView> {
  const click = await clickDecide(h, reviewId, userId);
  return openedWith(h, click.triggerId);
}

/** The radio options the modal offers, by value. */
export function offered(view: SimView): string[] {
  const block = (view.blocks as { block_id?: string; element?: { options?: { value: string }[] } }[]).find(
    (b) => b.block_id === 'decision.choice',
  );
  return block?.element?.options?.map((o) => o.value) ?? [];
}

export const blockIds = (view: SimView): string[] =>
  (view.blocks as { block_id?: string }[]).map((b) => b.block_id ?? '').filter(Boolean);

/** Picks `decision` in the radio and waits for the modal to be re-rendered with its fields. */
export async function choose(h: Harness, view: SimView, decision: string, userId = 'U0SPONSOR'): Promise<SimView> {
  const before = view.hash;
  await h.slack.blockAction({
    userId,
    actionId: Ids.decision.choice,
    actionType: 'radio_buttons',
    selectedOption: { text: { type: 'plain_text', text: decision }, value: decision },
    view: { id: view.id, state: { values: { 'decision.choice': { [Ids.decision.choice]: radio(decision) } } } },
  });
  return eventually(() => {
    const now = h.sim.views.get(view.id);
    return now && now.hash !== before ? now : undefined;
  });
}

export interface DecisionValues {
  decision: string;
  reason?: string;
  plan?: Record<string, { action?: string; owner?: string | null; due?: string | null; investment?: string }>;
  thresholds?: Partial<
    Record<'model_output_quality' | 'user_adoption_rate' | 'data_pipeline_reliability' | 'escalation_volume', string>
  >;
  deciders?: string[];
  notes?: string;
}

/** view.state.values for the decision modal, for the blocks the modal has. */
export function decisionState(view: SimView, v: DecisionValues): StateValues {
  const values: StateValues = { 'decision.choice': { [Ids.decision.choice]: radio(v.decision) } };
  for (const id of blockIds(view)) {
    const plan = /^plan\.(\w+)\.(action|owner|due|investment)$/.exec(id);
    const monitor = /^monitor\.(\w+)$/.exec(id);
    if (id === 'decision.reason') values[id] = { v: plainTextValue(v.reason ?? null) };
    if (plan) {
      const item = v.plan?.[plan[1]!] ?? {};
      const field = plan[2];
      values[id] = {
        v:
          field === 'action'
            ? plainTextValue(item.action ?? null)
            : field === 'owner'
              ? selectedUser(item.owner ?? null)
              : field === 'due'
                ? selectedDate(item.due ?? null)
                : numberValue(item.investment ?? null),
      };
    }
    if (monitor && monitor[1] === 'incident_deciders') values[id] = { v: selectedUsers(v.deciders ?? []) };
    else if (monitor && monitor[1] === 'incident_notes') values[id] = { v: plainTextValue(v.notes ?? null) };
    else if (monitor) values[id] = { v: plainTextValue(v.thresholds?.[monitor[1] as 'escalation_volume'] ?? null) };
  }
  return values;
}

/** Submits the decision modal with `values` as `userId`. */
export function submitDecision(h: Harness, view: SimView, v: DecisionValues, userId = 'U0SPONSOR') {
  return h.slack.viewSubmission({
    userId,
    view: {
      id: view.id,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: decisionState(view, v) },
    },
  });
}

export const GOOD_MONITORING: Pick<DecisionValues, 'thresholds' | 'deciders' | 'notes'> = {
  thresholds: {
    model_output_quality: 'Accuracy below 92% on the weekly sample',
    user_adoption_rate: 'Under 60% of trained users active weekly',
    data_pipeline_reliability: 'More than 2 failed loads a week',
    escalation_volume: 'Over 30 escalations a week',
  },
  deciders: ['U0OPSLEAD', 'U0TECHLEAD'],
  notes: 'Model quality: ops lead; data outages: tech lead',
};

export { CHANNEL };
