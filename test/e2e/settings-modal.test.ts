import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { SettingsField } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import type { StateValues } from '../support/signed-client.js';

const ADMIN = 'U0GATEADMIN';
const h = useApp({ now: new Date('2026-11-25T12:00:00Z'), env: { GATE_ADMINS: ADMIN } });

interface Element {
  type: string;
  initial_value?: string;
  initial_time?: string;
  initial_option?: { value: string };
  initial_users?: string[];
}
interface Block {
  type: string;
  block_id?: string;
  element?: Element;
  hint?: { text: string };
  label?: { text: string };
}
interface View {
  id: string;
  blocks: Block[];
}

async function openSettings(): Promise<View> {
  const before = h.sim.callsTo('views.open').length;
  const ack = await h.slack.command({ text: 'settings', userId: ADMIN, channelId: 'C0PILOTS' });
  expect(ack.status).toBe(200);
  const opened = await eventually(() => h.sim.callsTo('views.open')[before]);
  const id = (opened.response as { view: { id: string } }).view.id;
  return { ...(opened.args.view as View), id };
}

/** What Slack would send back for the modal untouched: each input's initial value, in its element's state shape. */
function stateAsShown(view: View): StateValues {
  const state: StateValues = {};
  for (const b of view.blocks) {
    const el = b.element;
    if (b.type !== 'input' || !b.block_id || !el) continue;
    const value =
      el.type === 'timepicker'
        ? { selected_time: el.initial_time ?? null }
        : el.type === 'static_select'
          ? { selected_option: el.initial_option ?? null }
          : el.type === 'multi_users_select'
            ? { selected_users: el.initial_users ?? [] }
            : { value: el.initial_value ?? null };
    state[b.block_id] = { v: { type: el.type, ...value } };
  }
  return state;
}

/** Each input's value as one comparable string (option texts aside): what the person sees chosen. */
const choices = (state: StateValues) =>
  Object.fromEntries(
    Object.entries(state).map(([id, { v }]) => {
      const a = v as {
        value?: string;
        selected_time?: string;
        selected_option?: { value: string };
        selected_users?: string[];
      };
      return [id, a.value ?? a.selected_time ?? a.selected_option?.value ?? a.selected_users ?? null];
    }),
  );

/** Every text a person reads in the blocks (labels, hints, options, sections), not the ids. */
function readable(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(readable);
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => (k === 'text' && typeof x === 'string' ? [x] : readable(x)));
}

const shown = (view: View, blockId: string) => {
  const el = view.blocks.find((b) => b.block_id === blockId)?.element;
  return el?.initial_value ?? el?.initial_time ?? el?.initial_option?.value;
};

describe('/gate settings in the user’s language', () => {
  it('shows pickers and plain sentences: no cron, no 2d, no environment-variable names, no “nudge”', async () => {
    const view = await openSettings();
    const words = readable(view.blocks).join('\n');
    console.log(
      view.blocks.map((b) => [b.label?.text, b.element?.type, b.hint?.text].filter(Boolean).join(' | ')).join('\n'),
    );
    expect(words).not.toMatch(/\b\d+(ms|s|m|h|d|w)\b/);
    expect(words).not.toMatch(/\*\s\*|cron/i);
    expect(words).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
    expect(words).not.toMatch(/nudge/i);
    const type = (id: string) => view.blocks.find((b) => b.block_id === id)?.element?.type;
    expect([type(SettingsField.digestDay), type(SettingsField.digestTime)]).toEqual(['static_select', 'timepicker']);
    expect([type(SettingsField.nudgeFirstAfterMs), type(`${SettingsField.nudgeFirstAfterMs}.unit`)]).toEqual([
      'number_input',
      'static_select',
    ]);
    expect(type(SettingsField.escalateAfterNudges)).toBe('number_input');
    expect([shown(view, SettingsField.digestDay), shown(view, SettingsField.digestTime)]).toEqual(['1', '09:00']);
    expect([
      shown(view, SettingsField.nudgeFirstAfterMs),
      shown(view, `${SettingsField.nudgeFirstAfterMs}.unit`),
      shown(view, SettingsField.quietStart),
      shown(view, SettingsField.quietEnd),
    ]).toEqual(['2', 'days', '18:00', '09:00']);
    expect(words).toContain('Default: 2 days.');
    // How long answers count before their assessor must re-confirm them: a number and a unit like the rest.
    expect([
      type(SettingsField.confirmationValidForMs),
      shown(view, SettingsField.confirmationValidForMs),
      shown(view, `${SettingsField.confirmationValidForMs}.unit`),
    ]).toEqual(['number_input', '90', 'days']);
    expect(words).toContain('Older answers count as pending at the decision until their assessor re-confirms them.');
    expect(words).toContain('Default: Monday at 09:00.');
    expect(h.sim.violations).toEqual([]);
  });

  it('round-trips: open → change → save → reopen shows the same choices, stored as the digest job reads them', async () => {
    const first = await openSettings();
    const state = stateAsShown(first);
    state[SettingsField.nudgeEveryMs] = { v: { type: 'number_input', value: '4' } };
    state[`${SettingsField.nudgeEveryMs}.unit`] = {
      v: { type: 'static_select', selected_option: { value: 'hours', text: { type: 'plain_text', text: 'hours' } } },
    };
    state[SettingsField.digestDay] = {
      v: { type: 'static_select', selected_option: { value: '5', text: { type: 'plain_text', text: 'Friday' } } },
    };
    state[SettingsField.digestTime] = { v: { type: 'timepicker', selected_time: '16:30' } };
    state[SettingsField.quietStart] = { v: { type: 'timepicker', selected_time: null } };
    state[SettingsField.quietEnd] = { v: { type: 'timepicker', selected_time: null } };
    const saved = await h.slack.viewSubmission({
      userId: ADMIN,
      view: { id: first.id, callback_id: 'settings.workspace.submit', state: { values: state } },
    });
    expect(saved.json).toMatchObject({ response_action: 'update' });
    const stored = await mongoose.connection.collection('workspace_settings').findOne({ teamId: 'T0SIM0001' });
    expect(stored?.overrides).toEqual({ nudgeEveryMs: 4 * 3_600_000, digestCron: '30 16 * * 5', quietHours: null });

    const again = await openSettings();
    expect(choices(stateAsShown(again))).toEqual(choices(state));
    // Untouched, the reopened form saves nothing new.
    const resaved = await h.slack.viewSubmission({
      userId: ADMIN,
      view: { id: again.id, callback_id: 'settings.workspace.submit', state: { values: stateAsShown(again) } },
    });
    expect(resaved.json).toMatchObject({ response_action: 'update' });
    const after = await mongoose.connection.collection('workspace_settings').findOne({ teamId: 'T0SIM0001' });
    expect(after?.overrides).toEqual(stored?.overrides);
    expect(h.sim.violations).toEqual([]);
  });
});
