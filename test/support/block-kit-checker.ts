/**
 * Block Kit checker: Slack's documented Block Kit limits as pure functions, so tests (and the Slack
 * simulator) fail where Slack would answer `invalid_blocks`. Pointers are JSON pointers into the
 * checked object, e.g. `/blocks/3/element/options/0/value`. Stricter than Slack where Slack's own
 * limit is fuzzy (message block text, view size) and where the product demands more (text fallback).
 */
export type Violation = {
  pointer: string;
  message: string;
  /** Set when Slack answers with a dedicated error code instead of `invalid_blocks`. */
  code?: string;
};

type Obj = Record<string, unknown>;
type Surface = 'message' | 'modal' | 'home';

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  messageTextWarn: 4_000,
  messageBlockText: 11_000,
  viewBytes: 250_000,
} as const;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Ctx {
  readonly out: Violation[] = [];
  readonly blockIds = new Set<string>();
  readonly focus: string[] = [];
  hasInput = false;
  constructor(readonly surface: Surface) {}
  add(pointer: string, message: string, code?: string): void {
    this.out.push(code ? { pointer, message, code } : { pointer, message });
  }
}

// ---------------------------------------------------------------- primitives

function checkStr(c: Ctx, p: string, v: unknown, max: number, required = false): void {
  if (v === undefined) {
    if (required) c.add(p, 'is required');
    return;
  }
  if (typeof v !== 'string') c.add(p, 'must be a string');
  else if (v.length > max) c.add(p, `must be at most ${max} characters (got ${v.length})`);
}

type TextOpts = { max?: number; plainOnly?: boolean; required?: boolean; mrkdwnMessage?: string };

function checkText(c: Ctx, p: string, t: unknown, o: TextOpts = {}): void {
  if (t === undefined) {
    if (o.required) c.add(p, 'text object is required');
    return;
  }
  if (!isObj(t)) {
    c.add(p, 'must be a text object');
    return;
  }
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') c.add(`${p}/type`, 'must be plain_text or mrkdwn');
  else if (o.plainOnly && t.type !== 'plain_text') c.add(`${p}/type`, o.mrkdwnMessage ?? 'must be plain_text');
  if (typeof t.text !== 'string') c.add(`${p}/text`, 'must be a string');
  else {
    const max = Math.min(o.max ?? 3000, 3000);
    if (t.text.length < 1) c.add(`${p}/text`, 'must not be empty');
    else if (t.text.length > max) c.add(`${p}/text`, `must be at most ${max} characters (got ${t.text.length})`);
  }
  if ('emoji' in t && t.type !== 'plain_text') c.add(`${p}/emoji`, 'emoji is only allowed on plain_text');
  if ('verbatim' in t && t.type !== 'mrkdwn') c.add(`${p}/verbatim`, 'verbatim is only allowed on mrkdwn');
}

function checkArray(c: Ctx, p: string, v: unknown, min: number, max: number, required = true): v is unknown[] {
  if (v === undefined) {
    if (required) c.add(p, 'is required');
    return false;
  }
  if (!Array.isArray(v)) {
    c.add(p, 'must be an array');
    return false;
  }
  if (v.length < min) c.add(p, `must have at least ${min} item(s) (got ${v.length})`);
  if (v.length > max) c.add(p, `must have at most ${max} items (got ${v.length})`);
  return true;
}

function checkStyle(c: Ctx, p: string, v: unknown): void {
  if (v !== undefined && v !== 'primary' && v !== 'danger') c.add(p, 'must be "primary" or "danger"');
}

function checkConfirm(c: Ctx, p: string, v: unknown): void {
  if (v === undefined) return;
  if (!isObj(v)) {
    c.add(p, 'must be a confirm object');
    return;
  }
  checkText(c, `${p}/title`, v.title, { max: 100, plainOnly: true, required: true });
  checkText(c, `${p}/text`, v.text, { max: 300, required: true });
  checkText(c, `${p}/confirm`, v.confirm, { max: 30, plainOnly: true, required: true });
  checkText(c, `${p}/deny`, v.deny, { max: 30, plainOnly: true, required: true });
  checkStyle(c, `${p}/style`, v.style);
}

// ---------------------------------------------------------------- options

type OptionOpts = { mrkdwn: boolean; url: boolean };

function checkOption(c: Ctx, p: string, o: unknown, opts: OptionOpts): void {
  if (!isObj(o)) {
    c.add(p, 'must be an option object');
    return;
  }
  const mrkdwnMessage = 'mrkdwn option text is only allowed in checkboxes and radio_buttons';
  checkText(c, `${p}/text`, o.text, { max: 75, plainOnly: !opts.mrkdwn, required: true, mrkdwnMessage });
  checkStr(c, `${p}/value`, o.value, 150, true);
  checkText(c, `${p}/description`, o.description, { max: 75, plainOnly: !opts.mrkdwn, mrkdwnMessage });
  if (o.url !== undefined) {
    if (!opts.url) c.add(`${p}/url`, 'url is only allowed on overflow options');
    else checkStr(c, `${p}/url`, o.url, 3000);
  }
}

function checkOptions(c: Ctx, p: string, v: unknown, min: number, max: number, opts: OptionOpts): Obj[] {
  if (!checkArray(c, p, v, min, max)) return [];
  for (const [i, o] of v.entries()) checkOption(c, `${p}/${i}`, o, opts);
  return v.filter(isObj);
}

const sameOption = (a: Obj, b: Obj): boolean =>
  a.value === b.value && isObj(a.text) && isObj(b.text) && a.text.text === b.text.text;

/** Slack rejects an initial option that is not exactly one of the element's options. */
function checkInitial(c: Ctx, el: Obj, p: string, all: Obj[] | undefined, opts: OptionOpts): void {
  const one = (o: unknown, ptr: string) => {
    checkOption(c, ptr, o, opts);
    if (all && isObj(o) && !all.some((x) => sameOption(x, o))) c.add(ptr, 'initial option must be one of the options');
  };
  if (el.initial_option !== undefined) one(el.initial_option, `${p}/initial_option`);
  if (el.initial_options !== undefined && checkArray(c, `${p}/initial_options`, el.initial_options, 0, 100)) {
    for (const [i, o] of el.initial_options.entries()) one(o, `${p}/initial_options/${i}`);
  }
}

function checkStaticSelect(c: Ctx, p: string, el: Obj): void {
  const plain = { mrkdwn: false, url: false };
  if ((el.options === undefined) === (el.option_groups === undefined)) {
    c.add(p, 'exactly one of options or option_groups is required');
  }
  let all: Obj[] = [];
  if (el.options !== undefined) all = checkOptions(c, `${p}/options`, el.options, 1, 100, plain);
  if (el.option_groups !== undefined && checkArray(c, `${p}/option_groups`, el.option_groups, 1, 100)) {
    for (const [i, g] of el.option_groups.entries()) {
      const gp = `${p}/option_groups/${i}`;
      if (!isObj(g)) {
        c.add(gp, 'must be an option group');
        continue;
      }
      checkText(c, `${gp}/label`, g.label, { max: 75, plainOnly: true, required: true });
      all = all.concat(checkOptions(c, `${gp}/options`, g.options, 1, 100, plain));
    }
  }
  checkInitial(c, el, p, all, plain);
}

// ---------------------------------------------------------------- elements

type ElementCheck = (c: Ctx, p: string, el: Obj) => void;

const noop: ElementCheck = () => {};
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function checkLength(c: Ctx, p: string, v: unknown, min: number, max: number): void {
  if (v === undefined) return;
  if (!isInt(v) || v < min || v > max) c.add(p, `must be an integer from ${min} to ${max}`);
}

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const ELEMENTS: Record<string, ElementCheck> = {
  button: (c, p, el) => {
    checkText(c, `${p}/text`, el.text, { max: 75, plainOnly: true, required: true });
    checkStr(c, `${p}/value`, el.value, 2000);
    checkStr(c, `${p}/url`, el.url, 3000);
    checkStr(c, `${p}/accessibility_label`, el.accessibility_label, 75);
    checkStyle(c, `${p}/style`, el.style);
  },
  workflow_button: (c, p, el) => {
    checkText(c, `${p}/text`, el.text, { max: 75, plainOnly: true, required: true });
    if (!isObj(el.workflow)) c.add(`${p}/workflow`, 'is required');
    checkStr(c, `${p}/accessibility_label`, el.accessibility_label, 75);
    checkStyle(c, `${p}/style`, el.style);
  },
  checkboxes: (c, p, el) => {
    const o = { mrkdwn: true, url: false };
    checkInitial(c, el, p, checkOptions(c, `${p}/options`, el.options, 1, 10, o), o);
  },
  radio_buttons: (c, p, el) => {
    const o = { mrkdwn: true, url: false };
    checkInitial(c, el, p, checkOptions(c, `${p}/options`, el.options, 1, 10, o), o);
  },
  static_select: checkStaticSelect,
  multi_static_select: checkStaticSelect,
  external_select: (c, p, el) => {
    checkInitial(c, el, p, undefined, { mrkdwn: false, url: false });
    checkLength(c, `${p}/min_query_length`, el.min_query_length, 0, 3000);
  },
  multi_external_select: (c, p, el) => ELEMENTS.external_select!(c, p, el),
  users_select: (c, p, el) => checkStr(c, `${p}/initial_user`, el.initial_user, 255),
  multi_users_select: (c, p, el) => void checkArray(c, `${p}/initial_users`, el.initial_users, 0, 100, false),
  conversations_select: noop,
  multi_conversations_select: noop,
  channels_select: noop,
  multi_channels_select: noop,
  overflow: (c, p, el) => void checkOptions(c, `${p}/options`, el.options, 1, 5, { mrkdwn: false, url: true }),
  datepicker: (c, p, el) => {
    if (el.initial_date !== undefined && (typeof el.initial_date !== 'string' || !validDate(el.initial_date))) {
      c.add(`${p}/initial_date`, 'must be a valid YYYY-MM-DD date');
    }
  },
  timepicker: (c, p, el) => {
    const t = el.initial_time;
    if (t !== undefined && (typeof t !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(t))) {
      c.add(`${p}/initial_time`, 'must be HH:mm (24-hour)');
    }
  },
  datetimepicker: (c, p, el) => {
    if (el.initial_date_time !== undefined && !isInt(el.initial_date_time)) {
      c.add(`${p}/initial_date_time`, 'must be a UNIX timestamp in seconds');
    }
  },
  plain_text_input: (c, p, el) => {
    checkLength(c, `${p}/min_length`, el.min_length, 0, 3000);
    checkLength(c, `${p}/max_length`, el.max_length, 1, 3000);
    if (isInt(el.min_length) && isInt(el.max_length) && el.min_length > el.max_length) {
      c.add(`${p}/min_length`, 'must not exceed max_length');
    }
    checkStr(c, `${p}/initial_value`, el.initial_value, isInt(el.max_length) ? el.max_length : 3000);
  },
  email_text_input: (c, p, el) => checkStr(c, `${p}/initial_value`, el.initial_value, 3000),
  url_text_input: (c, p, el) => checkStr(c, `${p}/initial_value`, el.initial_value, 3000),
  // https://docs.slack.dev/reference/block-kit/block-elements/number-input-element: is_decimal_allowed is
  // required; initial_value, min_value and max_value are numbers written as strings; Slack refuses an
  // initial value outside min..max, a decimal one when decimals are not allowed, and min above max.
  number_input: (c, p, el) => {
    if (typeof el.is_decimal_allowed !== 'boolean') c.add(`${p}/is_decimal_allowed`, 'is required (boolean)');
    const num = (key: string): number | undefined => {
      const v = el[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v)) {
        c.add(`${p}/${key}`, 'must be a number written as a string');
        return undefined;
      }
      return Number(v);
    };
    const [initial, min, max] = [num('initial_value'), num('min_value'), num('max_value')];
    if (min !== undefined && max !== undefined && min > max) c.add(`${p}/min_value`, 'must not exceed max_value');
    if (initial === undefined) return;
    if (el.is_decimal_allowed === false && !Number.isInteger(initial))
      c.add(`${p}/initial_value`, 'must be a whole number when is_decimal_allowed is false');
    if ((min !== undefined && initial < min) || (max !== undefined && initial > max))
      c.add(`${p}/initial_value`, 'must be within min_value and max_value');
  },
  rich_text_input: noop,
  file_input: (c, p, el) => checkLength(c, `${p}/max_files`, el.max_files, 1, 10),
  image: (c, p, el) => {
    if (el.image_url === undefined && !isObj(el.slack_file)) c.add(p, 'image_url or slack_file is required');
    checkStr(c, `${p}/image_url`, el.image_url, 3000);
    checkStr(c, `${p}/alt_text`, el.alt_text, 2000, true);
  },
};

const INTERACTIVE = [
  'button',
  'checkboxes',
  'radio_buttons',
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
];
const TEXT_INPUTS = ['plain_text_input', 'email_text_input', 'url_text_input', 'number_input', 'rich_text_input'];
const ACTIONS_ALLOWED = new Set([...INTERACTIVE, 'workflow_button', 'rich_text_input']);
const ACCESSORY_ALLOWED = new Set([...INTERACTIVE, 'workflow_button', 'image']);
const INPUT_ALLOWED = new Set([
  ...INTERACTIVE.filter((t) => t !== 'button' && t !== 'overflow'),
  ...TEXT_INPUTS,
  'file_input',
]);

function checkElement(c: Ctx, p: string, el: unknown, allowed: Set<string>, actionIds: Set<string>): void {
  if (!isObj(el)) {
    c.add(p, 'must be an element object');
    return;
  }
  const type = el.type;
  const check = typeof type === 'string' ? ELEMENTS[type] : undefined;
  if (!check) {
    c.add(`${p}/type`, `unknown element type ${JSON.stringify(type)}`);
    return;
  }
  if (!allowed.has(type as string)) {
    c.add(`${p}/type`, `element type "${type}" is not allowed here`);
    return;
  }
  if (el.action_id !== undefined) {
    checkStr(c, `${p}/action_id`, el.action_id, 255);
    if (typeof el.action_id === 'string') {
      if (actionIds.has(el.action_id)) c.add(`${p}/action_id`, `duplicate action_id "${el.action_id}" in block`);
      actionIds.add(el.action_id);
    }
  }
  if (el.focus_on_load === true) c.focus.push(`${p}/focus_on_load`);
  checkText(c, `${p}/placeholder`, el.placeholder, { max: 150, plainOnly: true });
  checkConfirm(c, `${p}/confirm`, el.confirm);
  if (el.max_selected_items !== undefined && (!isInt(el.max_selected_items) || el.max_selected_items < 1)) {
    c.add(`${p}/max_selected_items`, 'must be an integer ≥ 1');
  }
  check(c, p, el);
}

// ---------------------------------------------------------------- blocks

type BlockCheck = (c: Ctx, p: string, b: Obj) => void;

const RICH_TEXT_CHILDREN = new Set([
  'rich_text_section',
  'rich_text_list',
  'rich_text_preformatted',
  'rich_text_quote',
]);

const BLOCKS: Record<string, BlockCheck> = {
  section: (c, p, b) => {
    if (b.text === undefined && b.fields === undefined) c.add(p, 'section needs text or fields');
    checkText(c, `${p}/text`, b.text, { max: 3000 });
    if (checkArray(c, `${p}/fields`, b.fields, 1, 10, false)) {
      for (const [i, f] of b.fields.entries()) checkText(c, `${p}/fields/${i}`, f, { max: 2000, required: true });
    }
    if (b.accessory !== undefined) checkElement(c, `${p}/accessory`, b.accessory, ACCESSORY_ALLOWED, new Set());
  },
  header: (c, p, b) => checkText(c, `${p}/text`, b.text, { max: 150, plainOnly: true, required: true }),
  divider: noop,
  context: (c, p, b) => {
    if (!checkArray(c, `${p}/elements`, b.elements, 1, 10)) return;
    for (const [i, e] of b.elements.entries()) {
      const ep = `${p}/elements/${i}`;
      if (isObj(e) && e.type === 'image') ELEMENTS.image!(c, ep, e);
      else checkText(c, ep, e, { required: true });
    }
  },
  actions: (c, p, b) => {
    if (!checkArray(c, `${p}/elements`, b.elements, 1, 25)) return;
    const ids = new Set<string>();
    for (const [i, e] of b.elements.entries()) checkElement(c, `${p}/elements/${i}`, e, ACTIONS_ALLOWED, ids);
  },
  input: (c, p, b) => {
    c.hasInput = true;
    checkText(c, `${p}/label`, b.label, { max: 2000, plainOnly: true, required: true });
    checkText(c, `${p}/hint`, b.hint, { max: 2000, plainOnly: true });
    if (b.element === undefined) c.add(`${p}/element`, 'is required');
    else checkElement(c, `${p}/element`, b.element, INPUT_ALLOWED, new Set());
    if (b.dispatch_action === true && isObj(b.element) && b.element.type === 'file_input') {
      c.add(`${p}/dispatch_action`, 'dispatch_action cannot be used with file_input');
    }
    if (b.optional !== undefined && typeof b.optional !== 'boolean') c.add(`${p}/optional`, 'must be a boolean');
  },
  image: (c, p, b) => {
    ELEMENTS.image!(c, p, b);
    checkText(c, `${p}/title`, b.title, { max: 2000, plainOnly: true });
  },
  markdown: (c, p, b) => {
    if (c.surface !== 'message') c.add(`${p}/type`, 'markdown blocks are only allowed in messages');
    checkStr(c, `${p}/text`, b.text, 12_000, true);
  },
  rich_text: (c, p, b) => {
    if (!checkArray(c, `${p}/elements`, b.elements, 1, Number.POSITIVE_INFINITY)) return;
    for (const [i, e] of b.elements.entries()) {
      if (!isObj(e) || !RICH_TEXT_CHILDREN.has(e.type as string)) {
        c.add(`${p}/elements/${i}/type`, 'must be rich_text_section, _list, _preformatted or _quote');
      }
    }
  },
  file: (c, p, b) => {
    checkStr(c, `${p}/external_id`, b.external_id, 255, true);
    if (b.source !== 'remote') c.add(`${p}/source`, 'must be "remote"');
  },
  video: (c, p, b) => {
    checkText(c, `${p}/title`, b.title, { max: 200, plainOnly: true, required: true });
    checkStr(c, `${p}/alt_text`, b.alt_text, 2000, true);
    checkStr(c, `${p}/video_url`, b.video_url, 3000, true);
    checkStr(c, `${p}/thumbnail_url`, b.thumbnail_url, 3000, true);
  },
};

function checkBlock(c: Ctx, p: string, b: unknown): void {
  if (!isObj(b)) {
    c.add(p, 'must be a block object');
    return;
  }
  const check = typeof b.type === 'string' ? BLOCKS[b.type] : undefined;
  if (!check) {
    c.add(`${p}/type`, `unknown block type ${JSON.stringify(b.type)}`);
    return;
  }
  if (b.block_id !== undefined) {
    checkStr(c, `${p}/block_id`, b.block_id, 255);
    if (typeof b.block_id === 'string') {
      if (c.blockIds.has(b.block_id)) c.add(`${p}/block_id`, `duplicate block_id "${b.block_id}"`);
      c.blockIds.add(b.block_id);
    }
  }
  check(c, p, b);
}

function checkBlocks(c: Ctx, blocks: unknown, min: number, max: number): void {
  if (!checkArray(c, '/blocks', blocks, min, max)) return;
  for (const [i, b] of blocks.entries()) checkBlock(c, `/blocks/${i}`, b);
  for (const p of c.focus.slice(1)) c.add(p, 'only one element per view may set focus_on_load');
}

/** Sum of every `text` string inside the blocks (text objects, rich text, markdown). */
export function blockTextLength(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + blockTextLength(x), 0);
  if (!isObj(v)) return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v)) n += k === 'text' && typeof x === 'string' ? x.length : blockTextLength(x);
  return n;
}

// ---------------------------------------------------------------- surfaces

/** Checks a modal or Home tab view as passed to views.open / push / update / publish. */
export function checkView(view: unknown): Violation[] {
  if (!isObj(view)) return [{ pointer: '', message: 'view must be an object' }];
  const c = new Ctx(view.type === 'home' ? 'home' : 'modal');
  if (view.type !== 'modal' && view.type !== 'home') c.add('/type', 'must be "modal" or "home"');
  const bytes = Buffer.byteLength(JSON.stringify(view));
  if (bytes > LIMITS.viewBytes) c.add('', `view is ${bytes} bytes (limit ${LIMITS.viewBytes})`, 'view_too_large');
  if (c.surface === 'modal') {
    checkText(c, '/title', view.title, { max: 24, plainOnly: true, required: true });
    checkText(c, '/submit', view.submit, { max: 24, plainOnly: true });
    checkText(c, '/close', view.close, { max: 24, plainOnly: true });
  } else {
    if (view.submit !== undefined) c.add('/submit', 'home views may not have submit');
    if (view.close !== undefined) c.add('/close', 'home views may not have close');
  }
  checkStr(c, '/private_metadata', view.private_metadata, 3000);
  checkStr(c, '/callback_id', view.callback_id, 255);
  checkStr(c, '/external_id', view.external_id, 255);
  checkBlocks(c, view.blocks, 1, LIMITS.viewBlocks);
  if (c.surface === 'modal' && c.hasInput && view.submit === undefined) {
    c.add('/submit', 'must define submit to use input block');
  }
  return c.out;
}

/** Checks a message body as passed to chat.postMessage / update / postEphemeral or a response_url. */
export function checkMessage(msg: { text?: unknown; blocks?: unknown }): Violation[] {
  const c = new Ctx('message');
  const { text, blocks } = msg;
  if (text !== undefined && typeof text !== 'string') c.add('/text', 'must be a string');
  const hasText = typeof text === 'string' && text.trim().length > 0;
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (!hasText && !hasBlocks) c.add('', 'text or blocks is required', 'no_text');
  else if (!hasText) c.add('/text', 'a text fallback is required with blocks (notifications and screen readers)');
  if (typeof text === 'string' && text.length > LIMITS.messageText) {
    c.add('/text', `text is ${text.length} characters (limit ${LIMITS.messageText})`, 'msg_too_long');
  }
  if (blocks !== undefined) {
    checkBlocks(c, blocks, 0, LIMITS.messageBlocks);
    const total = blockTextLength(blocks);
    if (total > LIMITS.messageBlockText) {
      c.add(
        '/blocks',
        `blocks hold ${total} text characters (limit ${LIMITS.messageBlockText})`,
        'msg_blocks_too_long',
      );
    }
  }
  return c.out;
}

/** Slack's `errors[]` wording: `message [json-pointer:/blocks/0/text]`. */
export const formatViolation = (v: Violation): string => `${v.message} [json-pointer:${v.pointer}]`;
