import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAs, openQuestionnaire, questionnaireState, validAnswers } from '../support/flows/answer.js';
import { cardRef, choose, decisionState, newReview, openDecision } from '../support/flows/decide.js';
import { CHANNEL, STAKEHOLDERS } from '../support/flows/register.js';
import type { AckResult } from '../support/signed-client.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z'), env: { GATE_ADMINS: 'U0GATEADMIN' } });
const A_NAME = 'Zephyr tenancy pilot';
const B = 'T0OTHERTEAM';
const COLLECTIONS = ['pilots', 'reviews', 'answers', 'audit_events', 'plan_items', 'deliveries'];

/** Every document of the collections a forbidden action could change, to compare before and after. */
async function snapshot(): Promise<string> {
  const all = await Promise.all(
    COLLECTIONS.map((c) =>
      mongoose.connection
        .collection(c)
        .find({}, { sort: { _id: 1 } })
        .toArray(),
    ),
  );
  return JSON.stringify(all);
}

/** Everything workspace B's user was shown: acks, response_url bodies, messages, ephemerals, views. */
function shownToB(acks: AckResult[]): string {
  return JSON.stringify([
    acks.map((a) => a.text),
    h.sim.responses.map((r) => r.body),
    h.sim.ephemerals,
    [...h.sim.messages.values()],
    [...h.sim.views.values()],
    [...h.sim.homeViews.values()],
    h.sim.uploadedFiles.map((f) => f.text),
  ]);
}

describe('tenancy: a user of workspace B can neither see, answer, decide nor export a pilot of workspace A', () => {
  it('by name or by id, through every command, button, view submission and the Home tab', async () => {
    // Workspace A: a pilot whose operational lead has answered, so a decision could be recorded.
    const reviewId = await newReview(h, A_NAME);
    await answerAs(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
      assessment: 'confirmed',
    });
    const decision = await choose(h, await openDecision(h, reviewId), 'pause');
    const questionnaire = await openQuestionnaire(h, {
      reviewId,
      role: 'change_lead',
      userId: STAKEHOLDERS.change_lead,
    });
    const card = await cardRef(reviewId);
    const before = await snapshot();
    h.sim.reset();

    // The same people, acting from workspace B (in Enterprise Grid a user id spans workspaces).
    const sponsor = STAKEHOLDERS.executive_sponsor;
    const command = (text: string) => h.slack.command({ text, userId: sponsor, teamId: B, channelId: CHANNEL });
    const click = (actionId: string, userId: string = sponsor) =>
      h.slack.blockAction({
        userId,
        teamId: B,
        actionId,
        value: reviewId,
        channelId: card.channel,
        messageTs: card.ts,
      });
    const acks: AckResult[] = [];
    for (const sub of ['status', 'decide', 'remind', 'export']) {
      acks.push(await command(`${sub} ${A_NAME}`), await command(`${sub} zephyr tenancy pilto`), await command(sub));
    }
    acks.push(await command('list'));
    acks.push(await click(Ids.review.answerButton, STAKEHOLDERS.change_lead));
    acks.push(await click(Ids.review.detailsButton));
    acks.push(await click(Ids.review.decideButton));
    acks.push(await click(Ids.plan.openButton));
    acks.push(
      await h.slack.viewSubmission({
        userId: sponsor,
        teamId: B,
        view: {
          id: decision.id,
          callback_id: decision.callback_id,
          private_metadata: decision.private_metadata,
          state: {
            values: decisionState(decision, { decision: 'pause', reason: 'Taken over from another workspace' }),
          },
        },
      }),
    );
    const manifest = h.server.deps.manifests.current;
    acks.push(
      await h.slack.viewSubmission({
        userId: STAKEHOLDERS.change_lead,
        teamId: B,
        view: {
          id: questionnaire.id,
          callback_id: questionnaire.callback_id,
          private_metadata: questionnaire.private_metadata,
          state: {
            values: questionnaireState(
              manifest,
              'change_lead',
              validAnswers(manifest, 'change_lead', 'failed'),
              questionnaire.blocks,
            ),
          },
        },
      }),
    );
    acks.push(
      await h.slack.event({
        teamId: B,
        event: { type: 'app_home_opened', user: sponsor, channel: 'D0B', tab: 'home' },
      }),
    );

    // Every request was answered; the commands say plainly that there is no such pilot in B.
    expect(acks.every((a) => a.status === 200)).toBe(true);
    await eventually(() => h.sim.responses.length >= 13 && h.sim.homeViews.has(sponsor));
    await new Promise((r) => setTimeout(r, 300));
    const texts = h.sim.responses.map((r) => String(r.body.text));
    expect(texts).toContain('No pilot named “Zephyr tenancy pilot” in this workspace. `/gate list` shows every pilot.');
    expect(texts).toContain(
      'No pilot lives in this channel. Name one: `/gate status [pilot name]`, or see `/gate list`.',
    );
    expect(texts).toContain('No pilots in this workspace yet. Start one with /gate start [pilot name].');
    // B's own words are echoed back in quotes (“…”); anything else naming A's pilot would be a leak.
    const shown = shownToB(acks).replace(/“(zephyr tenancy pilot|zephyr tenancy pilto)”/gi, '“…”');
    expect(shown).not.toMatch(/zephyr|Routes supplier invoices|Invoice cycle time|Accuracy below 90%/i);
    expect(h.sim.uploadedFiles).toEqual([]);
    expect(h.sim.callsTo('views.open')).toEqual([]);
    expect(h.sim.dmsTo(STAKEHOLDERS.operational_lead)).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect(h.sim.violations).toEqual([]);
  });

  it('GATE_ADMINS makes nobody an admin of workspace B: it names people of the env token’s workspace', async () => {
    expect(await h.server.deps.isGateAdmin(h.sim.team.id, 'U0GATEADMIN')).toBe(true);
    expect(await h.server.deps.isGateAdmin(B, 'U0GATEADMIN')).toBe(false);
    const ack = await h.slack.command({ text: 'settings', userId: 'U0GATEADMIN', teamId: B });
    expect((ack.json as { text?: string } | undefined)?.text).toMatch(/this workspace has none yet/);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.callsTo('views.open')).toEqual([]);
  });
});
