import { SIGNAL_LABELS, type SignalId } from '../../core/catalog.domain.js';
import { clipWords, nameInText } from '../../core/clip-words.domain.js';
import { plural, TERMS } from '../../core/glossary.domain.js';
import { actions, button, context, escapeMrkdwn, section } from '../../slack/blocks.js';
import { fallback, NOTIFICATION_MAX, roomAfter } from '../../slack/fallback-text.js';
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
  if (r.kind === 'overdue') return `is overdue by ${plural(r.daysLate, 'day')}`;
  if (r.daysLeft === 0) return 'is due today';
  return `is due in ${plural(r.daysLeft, 'day')}`;
}

/** The news first ("Overdue by 3 days"), then whose item, then as much of the action as fits. */
function news(r: Reminder): string {
  if (r.kind === 'overdue') return `Overdue by ${plural(r.daysLate, 'day')}`;
  return r.daysLeft === 0 ? 'Due today' : `Due in ${plural(r.daysLeft, 'day')}`;
}

/** Fewer characters than this of an action say nothing; the DM shows it whole. */
const ACTION_MIN = 16;

function reminderText(pilotName: string, item: ReminderItem, reminder: Reminder): string {
  const head = fallback`${news(reminder)}: your ${TERMS.gapClosureItem.one} for ${nameInText(pilotName)} (due ${item.dueDate})`;
  const room = roomAfter(head) - 2;
  const action = room >= ACTION_MIN ? fallback`: ${clipWords(item.action, room).text}` : null;
  return action && head.length + action.length <= NOTIFICATION_MAX ? head + action : `${head}.`;
}

/** The DM to a plan item's owner, with the Mark-done button. */
export function planReminder(pilotName: string, item: ReminderItem, reminder: Reminder): RenderedMessage {
  const name = escapeMrkdwn(pilotName);
  const action = escapeMrkdwn(item.action);
  const icon = reminder.kind === 'overdue' ? '🔴' : '⏰';
  return {
    text: reminderText(pilotName, item, reminder),
    blocks: [
      section(`${icon} Your ${TERMS.gapClosureItem.one} for *${name}* ${when(reminder)}.\n>${action}`),
      context(`Signal: ${SIGNAL_LABELS[item.signal]} · Due ${item.dueDate}`),
      actions(`plan.reminder.${item.id}`, [button('Mark done', Ids.plan.markDone, item.id, 'primary')]),
    ],
  };
}
