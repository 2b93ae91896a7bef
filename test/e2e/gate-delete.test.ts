import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { eventually, TEAM, useApp } from '../support/app-harness.js';
import { answerAs } from '../support/flows/answer.js';
import { newReview } from '../support/flows/decide.js';
import { CHANNEL, STAKEHOLDERS } from '../support/flows/register.js';

const ADMIN = 'U0GATEADMIN';
const h = useApp({ now: new Date('2026-11-25T12:00:00Z'), env: { GATE_ADMINS: ADMIN } });
const col = (name: string) => mongoose.connection.collection(name);
const NAME = 'Invoice triage assistant';

async function deleteCommand(text: string, userId: string) {
  const opened = h.sim.callsTo('views.open').length;
  const ack = await h.slack.command({ text, userId, channelId: CHANNEL });
  expect(ack.status).toBe(200);
  return { ack, opened };
}

let reviewId = '';
let otherReviewId = '';
/** The confirmation modal's private_metadata, as Slack sends it back on submission. */
let metadata = '';

describe('/gate delete <pilot>', () => {
  it('refuses anyone who is not a gate admin, and deletes nothing', async () => {
    reviewId = await newReview(h, NAME);
    otherReviewId = await newReview(h, 'Claims bot');
    await answerAs(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
      assessment: 'confirmed',
    });
    const { ack, opened } = await deleteCommand(`delete ${NAME}`, STAKEHOLDERS.executive_sponsor);
    expect((ack.json as { text: string }).text).toMatch(/^Only gate admins can delete a pilot and its data/);
    expect(h.sim.callsTo('views.open')).toHaveLength(opened);
    expect(await col('pilots').countDocuments({ teamId: TEAM })).toBe(2);
  });

  it('needs the pilot’s name', async () => {
    const { ack } = await deleteCommand('delete', ADMIN);
    expect((ack.json as { text: string }).text).toBe(
      'Name the pilot to delete: `/gate delete [pilot name]` (see `/gate list`).',
    );
  });

  it('asks a gate admin to confirm, naming the pilot and what will be deleted', async () => {
    const { opened } = await deleteCommand('delete invoice TRIAGE assistant', ADMIN);
    const open = await eventually(() => h.sim.callsTo('views.open')[opened]);
    const view = (open.args as { view: { callback_id: string; blocks: unknown[]; private_metadata: string } }).view;
    metadata = view.private_metadata;
    expect(view.callback_id).toBe('lifecycle.pilot_delete.submit');
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain(`*${NAME}*`);
    const audit = await col('audit_events').countDocuments({ teamId: TEAM, reviewId });
    expect(shown).toContain(`1 review, 1 answer, ${audit} audit events, 0 plan items`);
    expect(h.sim.violations).toEqual([]);
  });

  it('a confirmation from someone no longer an admin deletes nothing', async () => {
    const ack = await h.slack.viewSubmission({
      userId: STAKEHOLDERS.executive_sponsor,
      view: { callback_id: 'lifecycle.pilot_delete.submit', private_metadata: metadata, state: { values: {} } },
    });
    expect(JSON.stringify(ack.json)).toContain('Only gate admins can delete a pilot');
    expect(await col('pilots').countDocuments({ teamId: TEAM })).toBe(2);
  });

  it('deletes the pilot and its data on confirmation, and writes a workspace audit event', async () => {
    const card = (await col('reviews').findOne({ _id: new mongoose.Types.ObjectId(reviewId) }))?.card as {
      channel: string;
      ts: string;
    };
    const ack = await h.slack.viewSubmission({
      userId: ADMIN,
      view: { callback_id: 'lifecycle.pilot_delete.submit', private_metadata: metadata, state: { values: {} } },
    });
    expect((ack.json as { response_action: string }).response_action).toBe('update');
    expect(JSON.stringify(ack.json)).toContain(`Deleted *${NAME}*`);
    expect(await col('pilots').countDocuments({ teamId: TEAM, name: NAME })).toBe(0);
    for (const name of ['answers', 'audit_events', 'questionnaire_drafts', 'nudges', 'plan_items']) {
      expect(await col(name).countDocuments({ teamId: TEAM, reviewId }), name).toBe(0);
    }
    expect(await col('reviews').countDocuments({ teamId: TEAM })).toBe(1);
    expect(await col('audit_events').countDocuments({ teamId: TEAM, reviewId: otherReviewId })).toBeGreaterThan(0);
    const event = await col('audit_events').findOne({ teamId: TEAM, reviewId: `workspace:${TEAM}` });
    expect(event).toMatchObject({ actor: ADMIN, type: 'pilot.deleted', subject: NAME, seq: 1 });
    expect(event?.after).toMatchObject({ reviews: 1, answers: 1 });
    // The workspace chain has a head to check against, like the settings changes' events.
    const trail = await h.server.deps.repos.audit.workspaceTrail(TEAM);
    expect(trail.verdict).toMatchObject({ ok: true, head: { seq: 1 } });
    // The card in the channel no longer offers buttons on a review that is gone: it says what happened.
    const update = await eventually(() =>
      h.sim.callsTo('chat.update').find((c) => (c.args as { ts?: string }).ts === card.ts),
    );
    const updated = update.args as { text: string; blocks: unknown[] };
    expect(updated.text).toBe(`${NAME} was deleted from PilotGate by a gate admin`);
    expect(JSON.stringify(updated.blocks)).toContain(`<@${ADMIN}>`);
    expect(JSON.stringify(updated.blocks)).not.toContain('"type":"actions"');
    expect(h.sim.violations).toEqual([]);
  });
});
