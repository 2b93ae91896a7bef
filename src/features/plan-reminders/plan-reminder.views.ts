import { SIGNAL_LABELS, type SignalId } from '../../core/catalog.domain.js';
import { actions, button, context, escapeMrkdwn, section } from '../../slack/blocks.js';
import { fallback } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';
import type { Reminder } from './plan-reminder.domain.js';

export interface ReminderItem {
  id: string;
  signal: SignalId;
  action: string;
  dueDate: string;
}

function when(r: Reminder): string {
  if (r.kind === 'overdue') return `is overdue by ${r.daysLate} ${r.daysLate === 1 ? 'day' : 'days'}`;
  if (r.daysLeft === 0) return 'is due today';
  return `is due in ${r.daysLeft} ${r.daysLeft === 1 ? 'day' : 'days'}`;
}

/** The DM to a plan item's owner, with the Mark-done button. */
export function planReminder(pilotName: string, item: ReminderItem, reminder: Reminder): RenderedMessage {
  const name = escapeMrkdwn(pilotName);
  const action = escapeMrkdwn(item.action);
  const icon = reminder.kind === 'overdue' ? '🔴' : '⏰';
  return {
    text: fallback`Your gap-closure plan item for ${pilotName} ${when(reminder)} (due ${item.dueDate}): ${item.action}`,
    blocks: [
      section(`${icon} Your gap-closure plan item for *${name}* ${when(reminder)}.\n>${action}`),
      context(`Signal: ${SIGNAL_LABELS[item.signal]} · Due ${item.dueDate}`),
      actions(`plan.reminder.${item.id}`, [button('Mark done', Ids.plan.markDone, item.id, 'primary')]),
    ],
  };
}
