/**
 * Small Block Kit builders. Views are pure functions of data that return these plain objects;
 * the helpers only remove the noise of `{ type: 'plain_text', text }` everywhere.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  KnownBlock,
  MrkdwnElement,
  Option,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';

export type { KnownBlock } from '@slack/types';

/** Cuts text to Slack's limit for the field, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export const plain = (text: string, max = 3000): PlainTextElement => ({
  type: 'plain_text',
  text: clip(text || ' ', max),
  emoji: true,
});

export const mrkdwn = (text: string, max = 3000): MrkdwnElement => ({ type: 'mrkdwn', text: clip(text || ' ', max) });

export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(text, 150) });

export const divider = (): DividerBlock => ({ type: 'divider' });

export function section(text: string, extra: Partial<SectionBlock> = {}): SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...extra };
}

export function fields(items: string[], blockId?: string): SectionBlock {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    fields: items.slice(0, 10).map((t) => mrkdwn(t, 2000)),
  };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, 10).map((t) => mrkdwn(t)) };
}

export function button(text: string, actionId: string, value?: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: plain(text, 75),
    action_id: actionId,
    ...(value !== undefined ? { value } : {}),
    ...(style ? { style } : {}),
  };
}

export function actions(blockId: string, elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, 25) };
}

export function option(text: string, value: string, description?: string): Option {
  return {
    text: plain(text, 75),
    value: clip(value, 150),
    ...(description ? { description: plain(description, 75) } : {}),
  };
}

export function input(
  blockId: string,
  label: string,
  element: InputBlock['element'],
  opts: { optional?: boolean; hint?: string; dispatchAction?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element,
    optional: opts.optional ?? false,
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
    ...(opts.dispatchAction ? { dispatch_action: true } : {}),
  };
}

/**
 * Escapes user text for mrkdwn so that a pilot named `<!channel>` can never ping anyone
 * or break formatting (Slack's own rule: escape &, < and >).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const mention = (userId: string): string => `<@${userId}>`;

/**
 * A mrkdwn link to `url` that reads `text`, escaped like any user text. Inside `<…|…>` the address ends
 * at the first `|` or `>`, so those (and `<`) are percent-encoded; `&` is escaped as Slack asks.
 */
export function link(url: string, text: string): string {
  const href = url.replace(/&/g, '&amp;').replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  return `<${href}|${escapeMrkdwn(text)}>`;
}

export type Blocks = KnownBlock[];
