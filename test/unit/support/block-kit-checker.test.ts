import { describe, expect, it } from 'vitest';
import { blockTextLength, checkMessage, checkView, type Violation } from '../../support/block-kit-checker.js';

type Obj = Record<string, unknown>;

const x = (n: number) => 'x'.repeat(n);
const pt = (text: string, extra: Obj = {}) => ({ type: 'plain_text', text, ...extra });
const md = (text: string, extra: Obj = {}) => ({ type: 'mrkdwn', text, ...extra });
const opt = (value: string, text = value) => ({ text: pt(text), value });
const opts = (n: number) => Array.from({ length: n }, (_, i) => opt(`v${i}`));
const modal = (blocks: unknown[], extra: Obj = {}) => ({
  type: 'modal',
  callback_id: 'cb',
  title: pt('Title'),
  submit: pt('Save'),
  close: pt('Cancel'),
  blocks,
  ...extra,
});
const home = (blocks: unknown[], extra: Obj = {}) => ({ type: 'home', blocks, ...extra });
const section = (text: string, extra: Obj = {}) => ({ type: 'section', text: md(text), ...extra });
const input = (element: Obj, extra: Obj = {}) => ({
  type: 'input',
  block_id: 'in',
  label: pt('Label'),
  element,
  ...extra,
});
const actions = (elements: unknown[], extra: Obj = {}) => ({ type: 'actions', elements, ...extra });
const button = (extra: Obj = {}) => ({ type: 'button', text: pt('Go'), action_id: 'go', ...extra });
const buttons = (n: number) => Array.from({ length: n }, (_, i) => button({ action_id: `a${i}` }));
const select = (extra: Obj) => ({ type: 'static_select', action_id: 's', ...extra });
const confirm = (extra: Obj = {}) => ({
  title: pt('Sure?'),
  text: md('Really?'),
  confirm: pt('Yes'),
  deny: pt('No'),
  ...extra,
});
const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
const msg = (blocks: unknown[]) => ({ text: 'fallback', blocks });

interface Case {
  rule: string;
  ok: Obj;
  bad: Obj;
  pointer: string;
  /** Checked with checkMessage instead of checkView. */
  message?: boolean;
}

const cases: Case[] = [
  // surfaces
  { rule: 'message ≤ 50 blocks', message: true, ok: msg(dividers(50)), bad: msg(dividers(51)), pointer: '/blocks' },
  { rule: 'view ≤ 100 blocks', ok: modal(dividers(100)), bad: modal(dividers(101)), pointer: '/blocks' },
  { rule: 'view ≥ 1 block', ok: home(dividers(1)), bad: home([]), pointer: '/blocks' },
  {
    rule: 'view type modal|home',
    ok: modal(dividers(1)),
    bad: modal(dividers(1), { type: 'dialog' }),
    pointer: '/type',
  },
  {
    rule: 'modal title required',
    ok: modal(dividers(1)),
    bad: modal(dividers(1), { title: undefined }),
    pointer: '/title',
  },
  {
    rule: 'modal title ≤ 24',
    ok: modal(dividers(1), { title: pt(x(24)) }),
    bad: modal(dividers(1), { title: pt(x(25)) }),
    pointer: '/title/text',
  },
  {
    rule: 'modal title plain_text',
    ok: modal(dividers(1)),
    bad: modal(dividers(1), { title: md('T') }),
    pointer: '/title/type',
  },
  {
    rule: 'submit ≤ 24',
    ok: modal(dividers(1), { submit: pt(x(24)) }),
    bad: modal(dividers(1), { submit: pt(x(25)) }),
    pointer: '/submit/text',
  },
  {
    rule: 'close ≤ 24 plain_text',
    ok: modal(dividers(1), { close: pt(x(24)) }),
    bad: modal(dividers(1), { close: md('c') }),
    pointer: '/close/type',
  },
  {
    rule: 'submit required with input blocks',
    ok: modal([input({ type: 'plain_text_input', action_id: 'a' })]),
    bad: modal([input({ type: 'plain_text_input', action_id: 'a' })], { submit: undefined }),
    pointer: '/submit',
  },
  {
    rule: 'home has no submit',
    ok: home(dividers(1)),
    bad: home(dividers(1), { submit: pt('S') }),
    pointer: '/submit',
  },
  { rule: 'home has no close', ok: home(dividers(1)), bad: home(dividers(1), { close: pt('C') }), pointer: '/close' },
  {
    rule: 'private_metadata ≤ 3000',
    ok: modal(dividers(1), { private_metadata: x(3000) }),
    bad: modal(dividers(1), { private_metadata: x(3001) }),
    pointer: '/private_metadata',
  },
  {
    rule: 'callback_id ≤ 255',
    ok: modal(dividers(1), { callback_id: x(255) }),
    bad: modal(dividers(1), { callback_id: x(256) }),
    pointer: '/callback_id',
  },
  {
    rule: 'external_id ≤ 255',
    ok: modal(dividers(1), { external_id: x(255) }),
    bad: modal(dividers(1), { external_id: x(256) }),
    pointer: '/external_id',
  },
  {
    rule: 'view JSON ≤ 250 kB',
    ok: home(Array.from({ length: 75 }, () => section(x(3000)))),
    bad: home(Array.from({ length: 90 }, () => section(x(3000)))),
    pointer: '',
  },
  // text objects
  { rule: 'text not empty', ok: modal([section('a')]), bad: modal([section('')]), pointer: '/blocks/0/text/text' },
  {
    rule: 'text ≤ 3000',
    ok: modal([section(x(3000))]),
    bad: modal([section(x(3001))]),
    pointer: '/blocks/0/text/text',
  },
  {
    rule: 'emoji only on plain_text',
    ok: modal([{ type: 'section', text: pt('a', { emoji: true }) }]),
    bad: modal([{ type: 'section', text: md('a', { emoji: true }) }]),
    pointer: '/blocks/0/text/emoji',
  },
  {
    rule: 'verbatim only on mrkdwn',
    ok: modal([{ type: 'section', text: md('a', { verbatim: true }) }]),
    bad: modal([{ type: 'section', text: pt('a', { verbatim: true }) }]),
    pointer: '/blocks/0/text/verbatim',
  },
  // ids
  {
    rule: 'block_id ≤ 255',
    ok: modal([section('a', { block_id: x(255) })]),
    bad: modal([section('a', { block_id: x(256) })]),
    pointer: '/blocks/0/block_id',
  },
  {
    rule: 'block_id unique',
    message: true,
    ok: msg([section('a', { block_id: 'a' }), section('b', { block_id: 'b' })]),
    bad: msg([section('a', { block_id: 'a' }), section('b', { block_id: 'a' })]),
    pointer: '/blocks/1/block_id',
  },
  {
    rule: 'action_id ≤ 255',
    ok: modal([actions([button({ action_id: x(255) })])]),
    bad: modal([actions([button({ action_id: x(256) })])]),
    pointer: '/blocks/0/elements/0/action_id',
  },
  {
    rule: 'action_id unique within its block',
    ok: modal([actions([button()]), actions([button()])]),
    bad: modal([actions([button(), button()])]),
    pointer: '/blocks/0/elements/1/action_id',
  },
  // blocks
  {
    rule: 'section needs text or fields',
    ok: modal([{ type: 'section', fields: [md('a')] }]),
    bad: modal([{ type: 'section' }]),
    pointer: '/blocks/0',
  },
  {
    rule: 'section fields ≤ 10',
    ok: modal([{ type: 'section', fields: Array.from({ length: 10 }, () => md('f')) }]),
    bad: modal([{ type: 'section', fields: Array.from({ length: 11 }, () => md('f')) }]),
    pointer: '/blocks/0/fields',
  },
  {
    rule: 'section field ≤ 2000',
    ok: modal([{ type: 'section', fields: [md(x(2000))] }]),
    bad: modal([{ type: 'section', fields: [md(x(2001))] }]),
    pointer: '/blocks/0/fields/0/text',
  },
  {
    rule: 'header ≤ 150',
    ok: modal([{ type: 'header', text: pt(x(150)) }]),
    bad: modal([{ type: 'header', text: pt(x(151)) }]),
    pointer: '/blocks/0/text/text',
  },
  {
    rule: 'header plain_text',
    ok: modal([{ type: 'header', text: pt('h') }]),
    bad: modal([{ type: 'header', text: md('h') }]),
    pointer: '/blocks/0/text/type',
  },
  {
    rule: 'context ≤ 10 elements',
    ok: modal([{ type: 'context', elements: Array.from({ length: 10 }, () => md('c')) }]),
    bad: modal([{ type: 'context', elements: Array.from({ length: 11 }, () => md('c')) }]),
    pointer: '/blocks/0/elements',
  },
  {
    rule: 'actions ≤ 25',
    ok: modal([actions(buttons(25))]),
    bad: modal([actions(buttons(26))]),
    pointer: '/blocks/0/elements',
  },
  {
    rule: 'input label required',
    ok: modal([input({ type: 'plain_text_input' })]),
    bad: modal([input({ type: 'plain_text_input' }, { label: undefined })]),
    pointer: '/blocks/0/label',
  },
  {
    rule: 'input label ≤ 2000',
    ok: modal([input({ type: 'plain_text_input' }, { label: pt(x(2000)) })]),
    bad: modal([input({ type: 'plain_text_input' }, { label: pt(x(2001)) })]),
    pointer: '/blocks/0/label/text',
  },
  {
    rule: 'input label plain_text',
    ok: modal([input({ type: 'plain_text_input' })]),
    bad: modal([input({ type: 'plain_text_input' }, { label: md('L') })]),
    pointer: '/blocks/0/label/type',
  },
  {
    rule: 'input hint ≤ 2000',
    ok: modal([input({ type: 'plain_text_input' }, { hint: pt(x(2000)) })]),
    bad: modal([input({ type: 'plain_text_input' }, { hint: pt(x(2001)) })]),
    pointer: '/blocks/0/hint/text',
  },
  {
    rule: 'no dispatch_action on file_input',
    ok: modal([input({ type: 'file_input' })]),
    bad: modal([input({ type: 'file_input' }, { dispatch_action: true })]),
    pointer: '/blocks/0/dispatch_action',
  },
  {
    rule: 'image alt_text required',
    ok: modal([{ type: 'image', image_url: 'https://x/y.png', alt_text: 'a' }]),
    bad: modal([{ type: 'image', image_url: 'https://x/y.png' }]),
    pointer: '/blocks/0/alt_text',
  },
  {
    rule: 'markdown block only in messages',
    message: false,
    ok: modal([section('a')]),
    bad: modal([{ type: 'markdown', text: 'a' }]),
    pointer: '/blocks/0/type',
  },
  {
    rule: 'markdown block ≤ 12000 (message)',
    message: true,
    ok: msg([{ type: 'markdown', text: x(10_000) }]),
    bad: { text: 'f', blocks: [{ type: 'markdown', text: x(12_001) }] },
    pointer: '/blocks/0/text',
  },
  {
    rule: 'unknown block type',
    ok: modal([section('a')]),
    bad: modal([{ type: 'table_of_doom' }]),
    pointer: '/blocks/0/type',
  },
  // elements
  {
    rule: 'unknown element type',
    ok: modal([actions([button()])]),
    bad: modal([actions([{ type: 'slider', action_id: 's' }])]),
    pointer: '/blocks/0/elements/0/type',
  },
  {
    rule: 'element allowed in its container',
    ok: modal([input({ type: 'static_select', options: opts(2) })]),
    bad: modal([input(button())]),
    pointer: '/blocks/0/element/type',
  },
  {
    rule: 'button text ≤ 75',
    ok: modal([actions([button({ text: pt(x(75)) })])]),
    bad: modal([actions([button({ text: pt(x(76)) })])]),
    pointer: '/blocks/0/elements/0/text/text',
  },
  {
    rule: 'button value ≤ 2000',
    ok: modal([actions([button({ value: x(2000) })])]),
    bad: modal([actions([button({ value: x(2001) })])]),
    pointer: '/blocks/0/elements/0/value',
  },
  {
    rule: 'button url ≤ 3000',
    ok: modal([actions([button({ url: x(3000) })])]),
    bad: modal([actions([button({ url: x(3001) })])]),
    pointer: '/blocks/0/elements/0/url',
  },
  {
    rule: 'button style primary|danger',
    ok: modal([actions([button({ style: 'danger' })])]),
    bad: modal([actions([button({ style: 'secondary' })])]),
    pointer: '/blocks/0/elements/0/style',
  },
  {
    rule: 'placeholder ≤ 150',
    ok: modal([input({ type: 'plain_text_input', placeholder: pt(x(150)) })]),
    bad: modal([input({ type: 'plain_text_input', placeholder: pt(x(151)) })]),
    pointer: '/blocks/0/element/placeholder/text',
  },
  {
    rule: 'option text ≤ 75',
    ok: modal([input(select({ options: [opt('v', x(75))] }))]),
    bad: modal([input(select({ options: [opt('v', x(76))] }))]),
    pointer: '/blocks/0/element/options/0/text/text',
  },
  {
    rule: 'option value ≤ 150',
    ok: modal([input(select({ options: [opt(x(150), 't')] }))]),
    bad: modal([input(select({ options: [opt(x(151), 't')] }))]),
    pointer: '/blocks/0/element/options/0/value',
  },
  {
    rule: 'option description ≤ 75',
    ok: modal([input(select({ options: [{ ...opt('v'), description: pt(x(75)) }] }))]),
    bad: modal([input(select({ options: [{ ...opt('v'), description: pt(x(76)) }] }))]),
    pointer: '/blocks/0/element/options/0/description/text',
  },
  {
    rule: 'mrkdwn option text only in checkboxes/radio',
    ok: modal([input({ type: 'checkboxes', options: [{ text: md('*a*'), value: 'a' }] })]),
    bad: modal([input(select({ options: [{ text: md('*a*'), value: 'a' }] }))]),
    pointer: '/blocks/0/element/options/0/text/type',
  },
  {
    rule: 'static_select options ≤ 100',
    ok: modal([input(select({ options: opts(100) }))]),
    bad: modal([input(select({ options: opts(101) }))]),
    pointer: '/blocks/0/element/options',
  },
  {
    rule: 'static_select option_groups ≤ 100',
    ok: modal([
      input(select({ option_groups: Array.from({ length: 100 }, () => ({ label: pt('g'), options: opts(1) })) })),
    ]),
    bad: modal([
      input(select({ option_groups: Array.from({ length: 101 }, () => ({ label: pt('g'), options: opts(1) })) })),
    ]),
    pointer: '/blocks/0/element/option_groups',
  },
  {
    rule: 'static_select options xor option_groups',
    ok: modal([input(select({ options: opts(1) }))]),
    bad: modal([input(select({ options: opts(1), option_groups: [{ label: pt('g'), options: opts(1) }] }))]),
    pointer: '/blocks/0/element',
  },
  {
    rule: 'overflow ≤ 5 options',
    ok: modal([section('a', { accessory: { type: 'overflow', action_id: 'o', options: opts(5) } })]),
    bad: modal([section('a', { accessory: { type: 'overflow', action_id: 'o', options: opts(6) } })]),
    pointer: '/blocks/0/accessory/options',
  },
  {
    rule: 'overflow ≥ 1 option',
    ok: modal([section('a', { accessory: { type: 'overflow', action_id: 'o', options: opts(1) } })]),
    bad: modal([section('a', { accessory: { type: 'overflow', action_id: 'o', options: [] } })]),
    pointer: '/blocks/0/accessory/options',
  },
  {
    rule: 'checkboxes ≤ 10 options',
    ok: modal([input({ type: 'checkboxes', options: opts(10) })]),
    bad: modal([input({ type: 'checkboxes', options: opts(11) })]),
    pointer: '/blocks/0/element/options',
  },
  {
    rule: 'radio_buttons ≤ 10 options',
    ok: modal([input({ type: 'radio_buttons', options: opts(10) })]),
    bad: modal([input({ type: 'radio_buttons', options: opts(11) })]),
    pointer: '/blocks/0/element/options',
  },
  {
    rule: 'plain_text_input min_length 0–3000',
    ok: modal([input({ type: 'plain_text_input', min_length: 0 })]),
    bad: modal([input({ type: 'plain_text_input', min_length: 3001 })]),
    pointer: '/blocks/0/element/min_length',
  },
  {
    rule: 'plain_text_input max_length 1–3000',
    ok: modal([input({ type: 'plain_text_input', max_length: 3000 })]),
    bad: modal([input({ type: 'plain_text_input', max_length: 0 })]),
    pointer: '/blocks/0/element/max_length',
  },
  {
    rule: 'max_selected_items ≥ 1',
    ok: modal([input({ type: 'multi_users_select', max_selected_items: 1 })]),
    bad: modal([input({ type: 'multi_users_select', max_selected_items: 0 })]),
    pointer: '/blocks/0/element/max_selected_items',
  },
  {
    rule: 'datepicker initial_date YYYY-MM-DD',
    ok: modal([input({ type: 'datepicker', initial_date: '2024-02-29' })]),
    bad: modal([input({ type: 'datepicker', initial_date: '2023-02-29' })]),
    pointer: '/blocks/0/element/initial_date',
  },
  {
    rule: 'timepicker initial_time HH:mm',
    ok: modal([input({ type: 'timepicker', initial_time: '23:59' })]),
    bad: modal([input({ type: 'timepicker', initial_time: '24:00' })]),
    pointer: '/blocks/0/element/initial_time',
  },
  {
    rule: 'number_input values are numbers',
    ok: modal([input({ type: 'number_input', is_decimal_allowed: false, min_value: '1', initial_value: '2' })]),
    bad: modal([input({ type: 'number_input', is_decimal_allowed: false, min_value: 'one' })]),
    pointer: '/blocks/0/element/min_value',
  },
  {
    rule: 'number_input initial_value whole when decimals are not allowed',
    ok: modal([input({ type: 'number_input', is_decimal_allowed: true, initial_value: '1.5' })]),
    bad: modal([input({ type: 'number_input', is_decimal_allowed: false, initial_value: '1.5' })]),
    pointer: '/blocks/0/element/initial_value',
  },
  {
    rule: 'number_input initial_value within min_value..max_value',
    ok: modal([input({ type: 'number_input', is_decimal_allowed: false, max_value: '50', initial_value: '50' })]),
    bad: modal([input({ type: 'number_input', is_decimal_allowed: false, max_value: '50', initial_value: '51' })]),
    pointer: '/blocks/0/element/initial_value',
  },
  {
    rule: 'number_input min_value ≤ max_value',
    ok: modal([input({ type: 'number_input', is_decimal_allowed: false, min_value: '1', max_value: '1' })]),
    bad: modal([input({ type: 'number_input', is_decimal_allowed: false, min_value: '2', max_value: '1' })]),
    pointer: '/blocks/0/element/min_value',
  },
  {
    rule: 'confirm title ≤ 100',
    ok: modal([actions([button({ confirm: confirm({ title: pt(x(100)) }) })])]),
    bad: modal([actions([button({ confirm: confirm({ title: pt(x(101)) }) })])]),
    pointer: '/blocks/0/elements/0/confirm/title/text',
  },
  {
    rule: 'confirm text ≤ 300',
    ok: modal([actions([button({ confirm: confirm({ text: md(x(300)) }) })])]),
    bad: modal([actions([button({ confirm: confirm({ text: md(x(301)) }) })])]),
    pointer: '/blocks/0/elements/0/confirm/text/text',
  },
  {
    rule: 'confirm button ≤ 30',
    ok: modal([actions([button({ confirm: confirm({ confirm: pt(x(30)) }) })])]),
    bad: modal([actions([button({ confirm: confirm({ confirm: pt(x(31)) }) })])]),
    pointer: '/blocks/0/elements/0/confirm/confirm/text',
  },
  {
    rule: 'confirm deny ≤ 30',
    ok: modal([actions([button({ confirm: confirm({ deny: pt(x(30)) }) })])]),
    bad: modal([actions([button({ confirm: confirm({ deny: pt(x(31)) }) })])]),
    pointer: '/blocks/0/elements/0/confirm/deny/text',
  },
  {
    rule: 'confirm style primary|danger',
    ok: modal([actions([button({ confirm: confirm({ style: 'primary' }) })])]),
    bad: modal([actions([button({ confirm: confirm({ style: 'loud' }) })])]),
    pointer: '/blocks/0/elements/0/confirm/style',
  },
  {
    rule: 'focus_on_load at most once',
    ok: modal([input({ type: 'plain_text_input', focus_on_load: true }, { block_id: 'a' })]),
    bad: modal([
      input({ type: 'plain_text_input', focus_on_load: true }, { block_id: 'a' }),
      input({ type: 'plain_text_input', focus_on_load: true }, { block_id: 'b' }),
    ]),
    pointer: '/blocks/1/element/focus_on_load',
  },
  {
    rule: 'initial_option is one of options',
    ok: modal([input(select({ options: opts(2), initial_option: opt('v1') }))]),
    bad: modal([input(select({ options: opts(2), initial_option: opt('v9') }))]),
    pointer: '/blocks/0/element/initial_option',
  },
  {
    rule: 'initial_options are among options (checkboxes)',
    ok: modal([input({ type: 'checkboxes', options: opts(2), initial_options: [opt('v0')] })]),
    bad: modal([input({ type: 'checkboxes', options: opts(2), initial_options: [opt('v0', 'other text')] })]),
    pointer: '/blocks/0/element/initial_options/0',
  },
  // messages
  { rule: 'message text or blocks', message: true, ok: { text: 'hi' }, bad: {}, pointer: '' },
  { rule: 'message text ≤ 40,000', message: true, ok: { text: x(40_000) }, bad: { text: x(40_001) }, pointer: '/text' },
  {
    rule: 'message block text ≤ 11,000 total',
    message: true,
    ok: msg([section(x(3000)), section(x(3000)), section(x(3000))]),
    bad: msg([section(x(3000)), section(x(3000)), section(x(3000)), section(x(3000))]),
    pointer: '/blocks',
  },
  {
    rule: 'message with blocks needs a text fallback',
    message: true,
    ok: msg([section('a')]),
    bad: { blocks: [section('a')] },
    pointer: '/text',
  },
];

const run = (c: Case, v: Obj): Violation[] => (c.message ? checkMessage(v) : checkView(v));

describe('block-kit-checker', () => {
  it.each(cases)('$rule: valid case passes', (c) => {
    expect(run(c, c.ok)).toEqual([]);
  });

  it.each(cases)('$rule: failing case is flagged at "$pointer"', (c) => {
    const found = run(c, c.bad);
    expect(found.map((v) => v.pointer)).toContain(c.pointer);
  });

  it('gives Slack error codes for whole-message and whole-view failures', () => {
    expect(checkMessage({}).map((v) => v.code)).toEqual(['no_text']);
    expect(checkMessage({ text: x(40_001) }).map((v) => v.code)).toEqual(['msg_too_long']);
    const long = checkMessage(msg(Array.from({ length: 4 }, () => section(x(3000)))));
    expect(long.map((v) => v.code)).toEqual(['msg_blocks_too_long']);
    const big = checkView(home(Array.from({ length: 90 }, () => section(x(3000)))));
    expect(big.map((v) => v.code)).toEqual(['view_too_large']);
  });

  it('counts text across text objects, options and rich text', () => {
    const blocks = [
      section('abc', { fields: [md('de')] }),
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'fgh' }] }] },
    ];
    expect(blockTextLength(blocks)).toBe(8);
  });

  it('reports every problem with a message', () => {
    const found = checkView({ type: 'modal', blocks: [{ type: 'section' }] });
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const v of found) expect(v.message).toMatch(/\w/);
  });

  it('rejects non-objects', () => {
    expect(checkView('nope')).toEqual([{ pointer: '', message: 'view must be an object' }]);
    expect(checkMessage({ text: 'a', blocks: 'nope' }).map((v) => v.pointer)).toEqual(['/blocks']);
  });
});
