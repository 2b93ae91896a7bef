import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { RegistrationField, SettingsField } from '../../src/slack/ids.js';
import { eventually, type Harness, useApp } from '../support/app-harness.js';
import { answerAs, reviewIdOf } from '../support/flows/answer.js';
import { cardRef, choose, openDecision, submitDecision } from '../support/flows/decide.js';
import { CHANNEL, type RegistrationValues, registerPilot, registrationState } from '../support/flows/register.js';
import { pdfLines } from '../support/pdf-text.js';
import { plainTextValue, type StateValues, selectedOption } from '../support/signed-client.js';

const ADMIN = 'U0ADMIN';
const h = useApp({ now: new Date('2026-11-25T12:00:00Z'), env: { GATE_ADMINS: ADMIN } });
const pilots = () => mongoose.connection.collection('pilots');

const SPONSOR_IS_GOV =
  "Separation of duties: the executive sponsor can't also be the governance lead on a regulated pilot. Pick someone else, or ask a gate admin to record an exception.";

interface ModalBlock {
  type: string;
  block_id?: string;
  element?: { type: string; initial_option?: { value: string } };
  elements?: { text: string }[];
}

/** `/gate start` by `userId`: the registration modal as Slack got it. */
async function openRegistration(h: Harness, userId: string): Promise<ModalBlock[]> {
  const before = h.sim.callsTo('views.open').length;
  await h.slack.command({ text: 'start Anything', userId, channelId: CHANNEL });
  const opened = await eventually(() => h.sim.callsTo('views.open')[before]);
  return (opened.args.view as { blocks: ModalBlock[] }).blocks;
}

/** Submits the registration modal with an exception reason typed in (as a gate admin's modal carries it). */
async function registerWithException(h: Harness, v: RegistrationValues, reason: string | null, userId: string) {
  await openRegistration(h, userId);
  const values: StateValues = {
    ...registrationState(v),
    [RegistrationField.separationException]: { v: plainTextValue(reason) },
  };
  return h.slack.viewSubmission({ userId, view: { callback_id: 'pilot.register.submit', state: { values } } });
}

/**
 * Saves the workspace settings with only the separation-of-duties choice changed from the form as shown;
 * returns the choice the form opened with.
 */
async function chooseSeparation(h: Harness, value: 'regulated' | 'all' | 'off'): Promise<string | undefined> {
  const before = h.sim.callsTo('views.open').length;
  await h.slack.command({ text: 'settings', userId: ADMIN, channelId: CHANNEL });
  const opened = await eventually(() => h.sim.callsTo('views.open')[before]);
  const view = opened.args.view as { blocks: ModalBlock[] };
  const state: StateValues = {};
  for (const b of view.blocks) {
    const el = b.element as { type: string; initial_value?: string; initial_time?: string } | undefined;
    if (b.type !== 'input' || !b.block_id || !el) continue;
    const shown = b.element as { initial_option?: unknown; initial_users?: string[] };
    state[b.block_id] = {
      v:
        el.type === 'timepicker'
          ? { type: el.type, selected_time: el.initial_time ?? null }
          : el.type === 'static_select'
            ? { type: el.type, selected_option: shown.initial_option ?? null }
            : el.type === 'multi_users_select'
              ? { type: el.type, selected_users: shown.initial_users ?? [] }
              : { type: el.type, value: el.initial_value ?? null },
    };
  }
  const openedWith = view.blocks.find((b) => b.block_id === SettingsField.separationOfDuties)?.element?.initial_option;
  state[SettingsField.separationOfDuties] = { v: selectedOption(value) };
  const saved = await h.slack.viewSubmission({
    userId: ADMIN,
    view: { callback_id: 'settings.workspace.submit', state: { values: state } },
  });
  expect(saved.json).toMatchObject({ response_action: 'update' });
  return openedWith?.value;
}

describe('separation of duties at registration (default: regulated pilots only)', () => {
  it('refuses a regulated pilot whose sponsor is also the governance lead, inline on the governance lead, saving nothing', async () => {
    const ack = await registerPilot(h, {
      name: 'Claims triage',
      regulated: 'yes',
      stakeholders: { governance_lead: 'U0SPONSOR' },
    });
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: { [RegistrationField.role('governance_lead')]: SPONSOR_IS_GOV },
    });
    expect(await pilots().countDocuments({ nameKey: 'claims triage' })).toBe(0);
  });

  it('refuses one person in a third role, on the field of that role, naming the two they hold', async () => {
    const ack = await registerPilot(h, {
      name: 'Claims triage',
      regulated: 'yes',
      stakeholders: { operational_lead: 'U0TECHLEAD', change_lead: 'U0TECHLEAD' },
    });
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: {
        [RegistrationField.role('change_lead')]:
          'Separation of duties: one person may hold at most two roles on a regulated pilot, and this person is already the operational lead and the technology lead. Pick someone else, or ask a gate admin to record an exception.',
      },
    });
    expect(await pilots().countDocuments({ nameKey: 'claims triage' })).toBe(0);
  });

  it('lets the same people run a pilot that is not regulated, and two roles each on a regulated one', async () => {
    const open = await registerPilot(h, {
      name: 'Unregulated pilot',
      regulated: 'no',
      stakeholders: { governance_lead: 'U0SPONSOR', change_lead: 'U0SPONSOR' },
    });
    expect(open.text).toBe('');
    const two = await registerPilot(h, {
      name: 'Regulated two roles',
      regulated: 'yes',
      stakeholders: { change_lead: 'U0OPSLEAD' },
    });
    expect(two.text).toBe('');
    expect(await pilots().countDocuments({ nameKey: { $in: ['unregulated pilot', 'regulated two roles'] } })).toBe(2);
    expect(h.sim.violations).toEqual([]);
  });
});

describe('an exception recorded by a gate admin', () => {
  it('offers the exception field to gate admins only, and says the rules on the form', async () => {
    const asAdmin = await openRegistration(h, ADMIN);
    expect(asAdmin.some((b) => b.block_id === RegistrationField.separationException)).toBe(true);
    const asSponsor = await openRegistration(h, 'U0SPONSOR');
    expect(asSponsor.some((b) => b.block_id === RegistrationField.separationException)).toBe(false);
    const note = JSON.stringify(asSponsor);
    expect(note).toContain('On a regulated pilot, one person may hold at most two roles');
    expect(note).toContain('the executive sponsor can’t also be the governance lead');
    expect(h.sim.violations).toEqual([]);
  });

  it('refuses an exception typed by someone who is not a gate admin', async () => {
    const ack = await registerWithException(
      h,
      { name: 'Forged exception', regulated: 'yes', stakeholders: { governance_lead: 'U0SPONSOR' } },
      'Small team',
      'U0SPONSOR',
    );
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: {
        [RegistrationField.role('governance_lead')]: SPONSOR_IS_GOV,
        [RegistrationField.separationException]:
          'Only a gate admin can record an exception to separation of duties; clear this field',
      },
    });
  });

  it('asks a gate admin for the reason, then registers the pilot with the exception on it, the card and the trail', async () => {
    const v: RegistrationValues = {
      name: 'Fraud screening',
      regulated: 'yes',
      stakeholders: { governance_lead: 'U0SPONSOR' },
    };
    const noReason = await registerWithException(h, v, null, ADMIN);
    expect(noReason.json).toEqual({
      response_action: 'errors',
      errors: {
        [RegistrationField.role('governance_lead')]:
          "Separation of duties: the executive sponsor can't also be the governance lead on a regulated pilot. Pick someone else, or write why an exception is acceptable in the exception field.",
      },
    });
    const reason = 'A team of four: the CFO is both, and internal audit reviews every decision';
    const ack = await registerWithException(h, v, reason, ADMIN);
    expect(ack.text).toBe('');
    const pilot = await pilots().findOne({ nameKey: 'fraud screening' });
    expect(pilot?.separationException).toMatchObject({
      reason,
      recordedBy: ADMIN,
      rules: ['sponsor_not_governance'],
      roles: { executive_sponsor: 'U0SPONSOR', governance_lead: 'U0SPONSOR' },
    });
    const card = await eventually(() => {
      const m = h.sim.lastMessageIn(CHANNEL);
      return m?.text.includes('Fraud screening') ? m : null;
    });
    const cardText = JSON.stringify(card.blocks);
    expect(cardText).toContain(`Separation-of-duties exception recorded by <@${ADMIN}>`);
    expect(cardText).toContain(reason);
    const review = await mongoose.connection.collection('reviews').findOne({ pilotId: String(pilot?._id) });
    const events = await eventually(async () => {
      const all = await mongoose.connection
        .collection('audit_events')
        .find({ reviewId: String(review?._id) })
        .toArray();
      return all.some((e) => e.type === 'stage.changed') ? all : null;
    });
    const recorded = events.filter((e) => e.type === 'separation.exception_recorded');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ actor: ADMIN, after: { reason, rules: ['sponsor_not_governance'] } });
    expect(h.sim.violations).toEqual([]);
  });
});

describe('the exception in the decision record', () => {
  it('is printed with the pilot when the pilot is decided', async () => {
    const reason = 'A team of four: the CFO is both, and internal audit reviews every decision';
    const v: RegistrationValues = {
      name: 'Fraud alerts',
      regulated: 'yes',
      stakeholders: { governance_lead: 'U0SPONSOR' },
    };
    expect((await registerWithException(h, v, reason, ADMIN)).text).toBe('');
    const reviewId = await eventually(() => reviewIdOf(h, 'Fraud alerts').catch(() => null));
    await eventually(async () => (await cardRef(reviewId))?.ts);
    await answerAs(h, { reviewId, role: 'operational_lead', userId: 'U0OPSLEAD', assessment: 'confirmed' });
    const pause = await choose(h, await openDecision(h, reviewId, ADMIN), 'pause', ADMIN);
    const ack = await submitDecision(h, pause, { decision: 'pause', reason: 'Wait for the internal audit' }, ADMIN);
    expect(ack.text).toBe('');
    const file = await eventually(() => h.sim.uploadedFiles.find((f) => f.filename.includes('fraud-alerts')));
    const text = (await pdfLines(file.bytes)).join(' ');
    expect(text).toMatch(
      /Separation-of-duties exception recorded by [^(]*\(U0ADMIN\) on 2026-11-25 \(the executive sponsor is also the governance lead\): A team of four: the CFO is both, and internal audit reviews every decision/,
    );
    expect(h.sim.violations).toEqual([]);
  });
});

describe('the workspace setting', () => {
  it('applies the rules to every pilot when set to all pilots, and to none when off', async () => {
    expect(await chooseSeparation(h, 'all')).toBe('regulated');
    const stored = await mongoose.connection.collection('workspace_settings').findOne({ teamId: 'T0SIM0001' });
    expect(stored?.overrides).toEqual({ separationOfDuties: 'all' });
    const refused = await registerPilot(h, {
      name: 'Everyone counts',
      regulated: 'no',
      stakeholders: { governance_lead: 'U0SPONSOR' },
    });
    expect(refused.json).toEqual({
      response_action: 'errors',
      errors: {
        [RegistrationField.role('governance_lead')]:
          "Separation of duties: the executive sponsor can't also be the governance lead. Pick someone else, or ask a gate admin to record an exception.",
      },
    });
    expect(await chooseSeparation(h, 'off')).toBe('all');
    const allowed = await registerPilot(h, {
      name: 'Everyone counts',
      regulated: 'yes',
      stakeholders: { governance_lead: 'U0SPONSOR', change_lead: 'U0SPONSOR' },
    });
    expect(allowed.text).toBe('');
    expect(await chooseSeparation(h, 'regulated')).toBe('off');
    const back = await mongoose.connection.collection('workspace_settings').findOne({ teamId: 'T0SIM0001' });
    expect(back?.overrides).toEqual({});
    expect(h.sim.violations).toEqual([]);
  });
});
