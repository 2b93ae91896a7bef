/**
 * Gap-closure plan surfaces: the owner's DM with *Mark done* buttons and the plan modal opened from
 * the review card. The modal lists at most MAX_ITEMS items (one section each, < 100 blocks); the DM at
 * most MAX_DM_ITEMS with actions clipped, so its total text stays under Slack's ~11,000 characters.
 */
import type { KnownBlock, ModalView, SectionBlock } from '@slack/types';
import { SIGNAL_LABELS, STAGE_LABELS } from '../../core/catalog.domain.js';
import { button, clip, context, escapeMrkdwn, mention, plain, section } from '../../slack/blocks.js';
import { fallback } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { PlanItem } from '../reviews/review.types.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';
import { planProgress } from './gap-closure.domain.js';

export const MAX_ITEMS = 40;
export const MAX_DM_ITEMS = 15;

const isoDay = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/** One item as a line: signal, action, owner, due date, investment, and who closed it. */
export function itemText(item: PlanItem, actionMax = 500): string {
  const money = item.investment !== undefined ? ` · ${item.investment.toLocaleString('en-US')} USD` : '';
  const action = escapeMrkdwn(clip(item.action, actionMax));
  const head = item.doneAt ? `✅ ~${action}~` : `☐ ${action}`;
  const done = item.doneAt ? ` · done by ${mention(item.doneBy ?? item.ownerId)} on ${isoDay(item.doneAt)}` : '';
  return (
    `${head}\n*${SIGNAL_LABELS[item.signal]}* · owner ${mention(item.ownerId)} · due ${item.dueDate}${money}` + done
  );
}

/** An item's section, with a *Mark done* button while it is open and the viewer may close it. */
function itemBlock(item: PlanItem, markable: boolean, actionMax?: number): SectionBlock {
  const block = section(itemText(item, actionMax));
  if (!item.doneAt && markable) block.accessory = button('Mark done', Ids.plan.markDone, item.id, 'primary');
  return block;
}

function overflow(items: PlanItem[], max: number): KnownBlock[] {
  return items.length > max ? [context(`…and ${items.length - max} more items.`)] : [];
}

/** The DM to an owner listing their items of a pilot's plan, each with *Mark done*. */
export function ownerItemsMessage(pilot: Pilot, items: PlanItem[], notice?: string): RenderedMessage {
  const open = items.filter((i) => !i.doneAt).length;
  const name = escapeMrkdwn(pilot.name);
  const intro =
    open > 0
      ? `You own ${open} open gap-closure item${open === 1 ? '' : 's'} for *${name}* (<#${pilot.channelId}>). ` +
        'Mark each done when it is; when every item of the plan is done, the affected signals are re-reviewed.'
      : `All your gap-closure items for *${name}* are done. Thank you.`;
  return {
    text:
      open > 0
        ? fallback`You own ${open} open gap-closure item${open === 1 ? '' : 's'} for ${pilot.name}.`
        : fallback`All your gap-closure items for ${pilot.name} are done.`,
    blocks: [
      section(intro),
      ...(notice ? [context(notice)] : []),
      ...items.slice(0, MAX_DM_ITEMS).map((i) => itemBlock(i, true, 300)),
      ...overflow(items, MAX_DM_ITEMS),
    ],
  };
}

/** The plan modal: every item of the pilot's plans; *Mark done* only where the viewer may use it. */
export function planModal(input: {
  pilot: Pilot;
  items: PlanItem[];
  canMark: (item: PlanItem) => boolean;
  metadata: string;
  /** A one-line notice at the top, e.g. the result of the last click. */
  notice?: string;
}): ModalView {
  const { pilot, items } = input;
  const { done, total } = planProgress(items);
  const blocks: KnownBlock[] = [
    section(
      `*${escapeMrkdwn(pilot.name)}* · ${STAGE_LABELS[pilot.stage]}\n*Gap-closure plan:* ${done}/${total} items done`,
    ),
  ];
  if (input.notice) blocks.push(context(input.notice));
  if (items.length === 0) blocks.push(section('There is no gap-closure plan for this pilot.'));
  blocks.push(...items.slice(0, MAX_ITEMS).map((i) => itemBlock(i, input.canMark(i))), ...overflow(items, MAX_ITEMS));
  return {
    type: 'modal',
    callback_id: Ids.plan.modal,
    title: plain('Gap-closure plan', 24),
    close: plain('Close', 24),
    private_metadata: input.metadata,
    blocks,
  };
}

/** After a saved click whose re-review round could not open yet (the database stopped in between). */
export const ROUND_NOT_STARTED =
  'That is saved. If it was the last item of the plan, the re-review could not start just now: it opens ' +
  'on its own within a few minutes, or click Mark done again in a minute to open it.';

/** After a saved click whose message or modal could not be re-rendered. */
export const VIEW_NOT_REFRESHED = 'This view could not be refreshed just now; it shows the item as open until it is.';

/** What the clicker is told after *Mark done*. */
export function markDoneText(item: PlanItem, alreadyDone: boolean, reReviewStarted: boolean): string {
  const what = `“${escapeMrkdwn(clip(item.action, 80))}” (${SIGNAL_LABELS[item.signal]})`;
  if (alreadyDone) return `${what} was already marked done${item.doneBy ? ` by ${mention(item.doneBy)}` : ''}.`;
  return reReviewStarted
    ? `${what} is done. That was the last item of the plan: the affected signals are now re-reviewed.`
    : `${what} is done.`;
}
