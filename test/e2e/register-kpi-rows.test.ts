import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { eventually, useApp } from '../support/app-harness.js';
import { CHANNEL, registrationState, STAKEHOLDERS } from '../support/flows/register.js';
import { plainTextValue, type StateValues, selectedDate, selectedUser } from '../support/signed-client.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });

interface Block {
  type: string;
  block_id?: string;
  label?: { text: string };
  element?: { type: string; action_id?: string; initial_value?: string; initial_user?: string; initial_date?: string };
  elements?: { type: string; action_id?: string; text?: { text: string } }[];
}
interface View {
  id: string;
  hash: string;
  private_metadata: string;
  blocks: Block[];
}

async function openRegistration(): Promise<View> {
  const before = h.sim.callsTo('views.open').length;
  const ack = await h.slack.command({
    text: 'start Claims summariser',
    userId: STAKEHOLDERS.executive_sponsor,
    channelId: CHANNEL,
  });
  expect(ack.status).toBe(200);
  const call = await eventually(() => h.sim.callsTo('views.open')[before]);
  return (call.response as { view: View }).view;
}

const rowsOf = (view: View) => view.blocks.filter((b) => /^pilot\.kpi\.\d+\.name$/.test(b.block_id ?? '')).length;
const addButton = (view: View) =>
  view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'pilot.register.add_kpi');
const initial = (view: View, blockId: string) => {
  const el = view.blocks.find((b) => b.block_id === blockId)?.element;
  return el?.initial_value ?? el?.initial_user ?? el?.initial_date;
};

/** What Slack sends for the view: every input block, the typed value or an empty one of its element's type. */
function stateOf(view: View, typed: StateValues): StateValues {
  const empty = (type: string) =>
    type === 'users_select'
      ? selectedUser(null)
      : type === 'datepicker'
        ? selectedDate(null)
        : type === 'radio_buttons'
          ? { type, selected_option: null }
          : plainTextValue(null);
  return Object.fromEntries(
    view.blocks
      .filter((b) => b.type === 'input' && b.block_id)
      .map((b) => [b.block_id, typed[b.block_id as string] ?? { v: empty(b.element?.type ?? '') }]),
  );
}

async function addKpi(view: View, typed: StateValues): Promise<View> {
  const values = stateOf(view, typed);
  const before = h.sim.callsTo('views.update').length;
  const ack = await h.slack.blockAction({
    userId: STAKEHOLDERS.executive_sponsor,
    actionId: 'pilot.register.add_kpi',
    view: { id: view.id, state: { values } },
  });
  expect(ack.status).toBe(200);
  const call = await eventually(() => h.sim.callsTo('views.update')[before]);
  expect(call.args).toMatchObject({ view_id: view.id, hash: view.hash });
  expect(call.status).toBe(200);
  return (call.response as { view: View }).view;
}

describe('registration takes KPIs as rows', () => {
  it('opens with one KPI row (name, baseline, target, unit) and an Add KPI button, not pipe-separated text', async () => {
    const view = await openRegistration();
    console.log(
      view.blocks
        .map(
          (b) =>
            `${b.type} ${b.block_id ?? ''} ${b.label?.text ?? b.elements?.map((e) => e.text?.text).join(',') ?? ''}`,
        )
        .join('\n'),
    );
    expect(JSON.stringify(view.blocks)).not.toContain('|');
    expect(rowsOf(view)).toBe(1);
    for (const part of ['name', 'baseline', 'target', 'unit'])
      expect(view.blocks.some((b) => b.block_id === `pilot.kpi.0.${part}`)).toBe(true);
    expect(addButton(view)?.text?.text).toBe('Add KPI');
    // Two-option choices are radio buttons (the regulated question is the registration's only one).
    const regulated = view.blocks.find((b) => b.block_id === 'pilot.regulated');
    expect(regulated?.element?.type).toBe('radio_buttons');
    expect(h.sim.violations).toEqual([]);
  });

  it('Add KPI updates the modal with another row and keeps everything typed, up to 10 rows', async () => {
    let view = await openRegistration();
    const typed: StateValues = {
      'pilot.name': { v: plainTextValue('Claims summariser v2') },
      'pilot.kpi_date': { v: selectedDate('2027-02-01') },
      'pilot.kill': { v: plainTextValue('Accuracy below 90%') },
      'pilot.kpi.0.name': { v: plainTextValue('Handling time') },
      'pilot.kpi.0.baseline': { v: plainTextValue('12') },
      'pilot.kpi.0.target': { v: plainTextValue('4') },
      'pilot.kpi.0.unit': { v: plainTextValue('minutes') },
      'pilot.role.technology_lead': { v: selectedUser(STAKEHOLDERS.technology_lead) },
    };
    view = await addKpi(view, typed);
    expect(rowsOf(view)).toBe(2);
    expect([
      initial(view, 'pilot.name'),
      initial(view, 'pilot.kpi_date'),
      initial(view, 'pilot.kill'),
      initial(view, 'pilot.kpi.0.name'),
      initial(view, 'pilot.kpi.0.baseline'),
      initial(view, 'pilot.kpi.0.unit'),
      initial(view, 'pilot.role.technology_lead'),
      initial(view, 'pilot.kpi.1.name'),
    ]).toEqual([
      'Claims summariser v2',
      '2027-02-01',
      'Accuracy below 90%',
      'Handling time',
      '12',
      'minutes',
      STAKEHOLDERS.technology_lead,
      undefined,
    ]);
    for (let rows = 3; rows <= 10; rows++) {
      view = await addKpi(view, typed);
      expect(rowsOf(view)).toBe(rows);
    }
    expect(addButton(view)).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain('10 KPIs is the most');
    expect(h.sim.violations).toEqual([]);
  });

  it('saves the filled rows as KPIs (units joined to the values), skipping empty rows', async () => {
    const values = registrationState({ name: 'Claims summariser' });
    Object.assign(values, {
      'pilot.kpi.0.name': { v: plainTextValue('Handling time') },
      'pilot.kpi.0.baseline': { v: plainTextValue('12') },
      'pilot.kpi.0.target': { v: plainTextValue('4') },
      'pilot.kpi.0.unit': { v: plainTextValue('minutes') },
      'pilot.kpi.1.name': { v: plainTextValue(null) },
      'pilot.kpi.1.baseline': { v: plainTextValue(null) },
      'pilot.kpi.1.target': { v: plainTextValue(null) },
      'pilot.kpi.1.unit': { v: plainTextValue(null) },
      'pilot.kpi.2.name': { v: plainTextValue('Touchless rate') },
      'pilot.kpi.2.baseline': { v: plainTextValue('20') },
      'pilot.kpi.2.target': { v: plainTextValue('60') },
      'pilot.kpi.2.unit': { v: plainTextValue('%') },
    });
    for (const k of Object.keys(values)) if (/^pilot\.kpi\.[3-9]\./.test(k)) delete values[k];
    await openRegistration();
    const ack = await h.slack.viewSubmission({
      userId: STAKEHOLDERS.executive_sponsor,
      view: { callback_id: 'pilot.register.submit', state: { values } },
    });
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const pilot = await mongoose.connection.collection('pilots').findOne({ nameKey: 'claims summariser' });
    expect(pilot?.kpis).toEqual([
      { name: 'Handling time', baseline: '12 minutes', target: '4 minutes' },
      { name: 'Touchless rate', baseline: '20%', target: '60%' },
    ]);
  });

  it('a half-filled row gets inline errors on the fields to fill; no KPI at all asks for one', async () => {
    const values = registrationState({ name: 'Half a KPI' });
    values['pilot.kpi.1.name'] = { v: plainTextValue('Touchless rate') };
    values['pilot.kpi.1.baseline'] = { v: plainTextValue(null) };
    values['pilot.kpi.1.target'] = { v: plainTextValue(null) };
    await openRegistration();
    const ack = await h.slack.viewSubmission({
      userId: STAKEHOLDERS.executive_sponsor,
      view: { callback_id: 'pilot.register.submit', state: { values } },
    });
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: {
        'pilot.kpi.1.baseline': 'Write the baseline of “Touchless rate”, such as 20 (or clear the row)',
        'pilot.kpi.1.target': 'Write the target of “Touchless rate”, such as 60 (or clear the row)',
      },
    });
    const none = registrationState({ name: 'No KPI', kpis: '' });
    const empty = await h.slack.viewSubmission({
      userId: STAKEHOLDERS.executive_sponsor,
      view: { callback_id: 'pilot.register.submit', state: { values: none } },
    });
    expect(empty.json).toEqual({
      response_action: 'errors',
      errors: { 'pilot.kpi.0.name': 'Add at least one KPI: its name, baseline and target' },
    });
  });
});
