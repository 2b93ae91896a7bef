import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS, type RoleId } from '../../src/core/catalog.domain.js';
import { REPAIR_GRACE_MS } from '../../src/features/reviews/review-repair.domain.js';
import { Ids, RegistrationField } from '../../src/slack/ids.js';
import { eventually, type Harness, useApp } from '../support/app-harness.js';
import {
  answerAs,
  cardUpdates,
  fillUpToLastPage,
  openQuestionnaire,
  submitPage,
  validAnswers,
} from '../support/flows/answer.js';
import { cardRef, newReview, oid } from '../support/flows/decide.js';
import { CHANNEL, STAKEHOLDERS } from '../support/flows/register.js';
import { type AckResult, plainTextValue, type StateValues, selectedUser } from '../support/signed-client.js';
import type { SimView } from '../support/slack-simulator.js';

const ADMIN = 'U0ADMIN';
const NEW_OPS = 'U0NEWOPS';
const SPONSOR = STAKEHOLDERS.executive_sponsor;
const h = useApp({ now: new Date('2026-11-25T12:00:00Z'), env: { GATE_ADMINS: ADMIN } });
const pilots = () => mongoose.connection.collection('pilots');
const reviews = () => mongoose.connection.collection('reviews');
const auditEvents = () => mongoose.connection.collection('audit_events');

const SPONSOR_IS_GOV =
  "Separation of duties: the executive sponsor can't also be the governance lead on a regulated pilot. Pick someone else, or ask a gate admin to record an exception.";

type Holders = Partial<Record<RoleId, string>>;

/** The view a views.open / views.push call succeeded with for a trigger id, as Slack stores it. */
async function viewFor(h: Harness, method: 'views.open' | 'views.push', triggerId: string | undefined) {
  const call = await eventually(() =>
    h.sim.callsTo(method).find((c) => c.args.trigger_id === triggerId && (c.response as { ok?: boolean }).ok),
  );
  return h.sim.views.get((call.response as { view: { id: string } }).view.id)!;
}

/** *Details* on the card, then *Change roles* in it, as `userId`: the view pushed on top of Details. */
async function changeRolesFromDetails(h: Harness, reviewId: string, userId: string): Promise<SimView> {
  const card = await cardRef(reviewId);
  const details = await h.slack.blockAction({
    userId,
    actionId: Ids.review.detailsButton,
    value: reviewId,
    channelId: card.channel,
    messageTs: card.ts,
  });
  const shown = await viewFor(h, 'views.open', details.triggerId);
  const click = await h.slack.blockAction({
    userId,
    actionId: Ids.review.changeRolesButton,
    value: reviewId,
    view: { id: shown.id },
  });
  return viewFor(h, 'views.push', click.triggerId);
}

/** `/gate roles <name>` as `userId`: the roles modal it opened. */
async function rolesCommand(h: Harness, name: string, userId: string): Promise<SimView> {
  const ack = await h.slack.command({ text: `roles ${name}`, userId, channelId: CHANNEL });
  return viewFor(h, 'views.open', ack.triggerId);
}

type RoleBlock = { block_id?: string; element?: { type: string; initial_user?: string } };

/** Submits the roles modal with each role as shown unless picked anew, and an exception reason if given. */
function submitRoles(h: Harness, view: SimView, userId: string, picked: Holders, reason?: string): Promise<AckResult> {
  const values: StateValues = {};
  for (const role of ROLE_IDS) {
    const block = (view.blocks as RoleBlock[]).find((b) => b.block_id === RegistrationField.role(role));
    values[RegistrationField.role(role)] = { v: selectedUser(picked[role] ?? block?.element?.initial_user ?? null) };
  }
  if (reason !== undefined) values[RegistrationField.separationException] = { v: plainTextValue(reason) };
  return h.slack.viewSubmission({
    userId,
    view: { id: view.id, callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
  });
}

const initialUsers = (view: SimView) =>
  Object.fromEntries(
    (view.blocks as RoleBlock[])
      .filter((b) => b.element?.type === 'users_select')
      .map((b) => [b.block_id, b.element?.initial_user]),
  );

const pilotOf = async (reviewId: string) => {
  const review = await reviews().findOne({ _id: oid(reviewId) });
  return pilots().findOne({ _id: oid(String(review?.pilotId)) });
};

describe('the sponsor reassigns a role', () => {
  it('moves the ops lead: pilot and review copy, audit, questionnaire, card, invite and DM follow', async () => {
    const name = 'Roles pilot';
    const reviewId = await newReview(h, name);
    const card = await cardRef(reviewId);
    // The old ops lead had the questionnaire open before the change; their last page is submitted after it.
    const manifest = h.server.deps.manifests.current;
    const ops = validAnswers(manifest, 'operational_lead', 'confirmed');
    const oldOpen = await openQuestionnaire(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
    });
    const oldLast = await fillUpToLastPage(h, {
      userId: STAKEHOLDERS.operational_lead,
      role: 'operational_lead',
      view: oldOpen,
      answers: ops,
    });

    const modal = await changeRolesFromDetails(h, reviewId, SPONSOR);
    expect(modal.callback_id).toBe(Ids.pilot.rolesModal);
    expect(initialUsers(modal)).toEqual(
      Object.fromEntries(ROLE_IDS.map((r) => [RegistrationField.role(r), STAKEHOLDERS[r]])),
    );
    expect(JSON.stringify(modal.blocks)).toContain(
      'New holders get the questionnaire invite; answers already given stay with the role.',
    );
    expect(modal.blocks.some((b) => (b as RoleBlock).block_id === RegistrationField.separationException)).toBe(false);
    const before = cardUpdates(h, card.ts);
    const ack = await submitRoles(h, modal, SPONSOR, { operational_lead: NEW_OPS });
    expect(ack.json).toEqual({ response_action: 'clear' });

    const pilot = await pilotOf(reviewId);
    expect(pilot?.stakeholders).toEqual({ ...STAKEHOLDERS, operational_lead: NEW_OPS });
    expect((await reviews().findOne({ _id: oid(reviewId) }))?.answerFacts.stakeholders).toEqual({
      ...STAKEHOLDERS,
      operational_lead: NEW_OPS,
    });
    const changed = await auditEvents().find({ reviewId, type: 'roles.changed' }).toArray();
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      actor: SPONSOR,
      subject: name,
      before: { operational_lead: STAKEHOLDERS.operational_lead },
      after: { operational_lead: NEW_OPS },
    });

    // After the ack: the card again, the invite to the new holder, one line to the old one; then the marker goes.
    await eventually(() => cardUpdates(h, card.ts) > before);
    const invite = await eventually(() => h.sim.dmsTo(NEW_OPS).find((m) => m.text.startsWith('Answer your gate')));
    expect(invite.text).toBe('Answer your gate review questions by 2026-11-27 as Ops · Roles pilot');
    const told = await eventually(() =>
      h.sim.dmsTo(STAKEHOLDERS.operational_lead).find((m) => /moved your role/.test(m.text)),
    );
    expect(told.text).toBe(`<@${SPONSOR}> moved your role as Ops to someone else · Roles pilot`);
    expect(JSON.stringify(told.blocks)).toContain(
      `You are no longer the *operational lead* of *Roles pilot*: <@${SPONSOR}> gave the role to <@${NEW_OPS}>.`,
    );
    await eventually(async () => !(await pilotOf(reviewId))?.rolesFollowUp);

    // The old holder's open form is refused by the save's lock check; clicking the card says they hold no role.
    const late = await submitPage(h, {
      userId: STAKEHOLDERS.operational_lead,
      role: 'operational_lead',
      view: oldLast,
      answers: ops,
    });
    expect(late.json).toMatchObject({ response_action: 'errors' });
    expect(late.text).toContain('Only the operational lead named for this pilot answers these questions');
    await h.slack.blockAction({
      userId: STAKEHOLDERS.operational_lead,
      actionId: Ids.review.answerButton,
      value: reviewId,
      channelId: card.channel,
      messageTs: card.ts,
    });
    await eventually(() =>
      h.sim.ephemerals.find((m) => m.user === STAKEHOLDERS.operational_lead && m.text.startsWith('You hold no role')),
    );
    // The new holder answers.
    await answerAs(h, { reviewId, role: 'operational_lead', userId: NEW_OPS, assessment: 'confirmed' });
    const answer = await mongoose.connection.collection('answers').findOne({ reviewId, role: 'operational_lead' });
    expect(answer?.userId).toBe(NEW_OPS);
    expect(h.sim.violations).toEqual([]);
  });

  it('a form that changes nothing closes with nothing written', async () => {
    const reviewId = await newReview(h, 'Unchanged roles');
    const modal = await rolesCommand(h, 'unchanged roles', SPONSOR);
    const ack = await submitRoles(h, modal, SPONSOR, {});
    expect(ack.text).toBe('');
    expect((await pilotOf(reviewId))?.rolesVersion).toBeUndefined();
    expect(await auditEvents().countDocuments({ reviewId, type: 'roles.changed' })).toBe(0);
    expect(h.sim.violations).toEqual([]);
  });

  it('of two changes made from the same roles, the second is refused inline', async () => {
    const reviewId = await newReview(h, 'Raced roles');
    const first = await rolesCommand(h, 'Raced roles', SPONSOR);
    const second = await rolesCommand(h, 'Raced roles', ADMIN);
    expect((await submitRoles(h, first, SPONSOR, { operational_lead: NEW_OPS })).json).toEqual({
      response_action: 'clear',
    });
    expect((await submitRoles(h, second, ADMIN, { change_lead: 'U0OTHER' })).json).toEqual({
      response_action: 'errors',
      errors: {
        [RegistrationField.role('executive_sponsor')]:
          'Someone changed these roles a moment ago; close and open again.',
      },
    });
    expect((await pilotOf(reviewId))?.stakeholders).toEqual({ ...STAKEHOLDERS, operational_lead: NEW_OPS });
    expect(h.sim.violations).toEqual([]);
  });
});

describe('who may change roles', () => {
  it('refuses anyone but the sponsor and gate admins, from Details and from the command, saying who can', async () => {
    const reviewId = await newReview(h, 'Guarded roles');
    const refusal = 'Only the executive sponsor of *Guarded roles* or a gate admin can change its roles.';
    const pushed = await changeRolesFromDetails(h, reviewId, STAKEHOLDERS.technology_lead);
    expect(pushed.callback_id).toBe(Ids.pilot.rolesNoticeModal);
    expect(JSON.stringify(pushed.blocks)).toContain(refusal);
    const ack = await h.slack.command({ text: 'roles Guarded roles', userId: 'U0STRANGER', channelId: CHANNEL });
    const response = await eventually(() => h.sim.responses.find((r) => r.url === ack.responseUrl));
    expect(response.body.text).toBe(refusal);
    expect(h.sim.callsTo('views.open').filter((c) => c.args.trigger_id === ack.triggerId)).toHaveLength(0);
    expect((await pilotOf(reviewId))?.rolesVersion).toBeUndefined();
    expect(h.sim.violations).toEqual([]);
  });
});

describe('separation of duties on a role change', () => {
  it('refuses making the sponsor governance lead of a regulated pilot, on that field, in registration’s words', async () => {
    const reviewId = await newReview(h, 'Regulated roles', { regulated: 'yes' });
    const modal = await rolesCommand(h, 'Regulated roles', SPONSOR);
    expect(JSON.stringify(modal.blocks)).toContain('Separation of duties applies to this pilot');
    const ack = await submitRoles(h, modal, SPONSOR, { governance_lead: SPONSOR });
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: { [RegistrationField.role('governance_lead')]: SPONSOR_IS_GOV },
    });
    expect((await pilotOf(reviewId))?.stakeholders).toEqual(STAKEHOLDERS);
    expect(await auditEvents().countDocuments({ reviewId, type: 'roles.changed' })).toBe(0);
    expect(h.sim.violations).toEqual([]);
  });

  it('a gate admin records an exception with the reason: stored, audited and on the card', async () => {
    const reviewId = await newReview(h, 'Excepted roles', { regulated: 'yes' });
    const modal = await rolesCommand(h, 'Excepted roles', ADMIN);
    expect(modal.blocks.some((b) => (b as RoleBlock).block_id === RegistrationField.separationException)).toBe(true);
    const noReason = await submitRoles(h, modal, ADMIN, { governance_lead: SPONSOR });
    expect(noReason.json).toMatchObject({ response_action: 'errors' });
    const reason = 'The governance lead left; the CFO covers until the new hire starts in January';
    const ack = await submitRoles(h, modal, ADMIN, { governance_lead: SPONSOR }, reason);
    expect(ack.json).toEqual({ response_action: 'clear' });
    const pilot = await pilotOf(reviewId);
    expect(pilot?.stakeholders.governance_lead).toBe(SPONSOR);
    expect(pilot?.separationException).toMatchObject({
      reason,
      recordedBy: ADMIN,
      rules: ['sponsor_not_governance'],
      roles: { executive_sponsor: SPONSOR, governance_lead: SPONSOR },
    });
    const events = await auditEvents().find({ reviewId }).sort({ seq: 1 }).toArray();
    const types = events.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['roles.changed', 'separation.exception_recorded']);
    expect(events.at(-1)).toMatchObject({
      actor: ADMIN,
      after: {
        reason,
        rules: ['sponsor_not_governance'],
        roles: { executive_sponsor: SPONSOR, governance_lead: SPONSOR },
      },
    });
    const card = await cardRef(reviewId);
    const shown = await eventually(() => {
      const text = JSON.stringify(h.sim.findMessage(card.channel, card.ts)?.blocks);
      return text.includes(reason) ? text : null;
    });
    expect(shown).toContain(`Separation-of-duties exception recorded by <@${ADMIN}>`);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('a role change cut short after its first write', () => {
  /** The change's one write on the pilot, as if the process stopped right after it. */
  async function stopAfterPilotWrite(reviewId: string) {
    // The opening's own invites go first (its marker goes once everyone was asked).
    await eventually(async () => !(await reviews().findOne({ _id: oid(reviewId) }))?.openFollowUp);
    const pilot = (await pilotOf(reviewId))!;
    const next = { ...STAKEHOLDERS, operational_lead: NEW_OPS };
    await h.server.deps.repos.pilots.changeRoles(pilot.teamId, String(pilot._id), {
      expected: { ...STAKEHOLDERS },
      expectedVersion: undefined,
      next,
      exception: null,
      followUp: { reviewId, before: { ...STAKEHOLDERS }, after: next, actor: SPONSOR, at: h.clock.now() },
    });
  }

  it('the next opening of a questionnaire writes the review’s copy, so the new holder’s answers save', async () => {
    const reviewId = await newReview(h, 'Half changed roles');
    await stopAfterPilotWrite(reviewId);
    expect((await reviews().findOne({ _id: oid(reviewId) }))?.answerFacts.stakeholders.operational_lead).toBe(
      STAKEHOLDERS.operational_lead,
    );
    await answerAs(h, { reviewId, role: 'operational_lead', userId: NEW_OPS, assessment: 'confirmed' });
    expect((await reviews().findOne({ _id: oid(reviewId) }))?.answerFacts).toMatchObject({
      stakeholders: { operational_lead: NEW_OPS },
      rolesVersion: 1,
    });
    expect(h.sim.violations).toEqual([]);
  });

  it('the repair job finishes the rest: copy, audit event, invite and DM, once', async () => {
    const reviewId = await newReview(h, 'Repaired roles');
    await stopAfterPilotWrite(reviewId);
    h.clock.advance(REPAIR_GRACE_MS + 1000);
    await h.server.deps.services.reviewRepair.repair();
    await h.server.deps.services.reviewRepair.repair();
    expect((await reviews().findOne({ _id: oid(reviewId) }))?.answerFacts.stakeholders.operational_lead).toBe(NEW_OPS);
    expect(await auditEvents().countDocuments({ reviewId, type: 'roles.changed' })).toBe(1);
    expect(h.sim.dmsTo(NEW_OPS).filter((m) => m.text.includes('Repaired roles'))).toHaveLength(1);
    expect(
      h.sim.dmsTo(STAKEHOLDERS.operational_lead).filter((m) => /moved your role.*Repaired roles/.test(m.text)),
    ).toHaveLength(1);
    expect((await pilotOf(reviewId))?.rolesFollowUp).toBeUndefined();
    expect(h.sim.violations).toEqual([]);
  });
});
