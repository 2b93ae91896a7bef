/** Plan-item reminders: items due within two days or overdue, not done, remind their owner daily. */
import { DAY_MS } from '../../shared/time.js';

export const REMIND_DAYS_AHEAD = 2;

export type Reminder = { kind: 'due_soon'; daysLeft: number } | { kind: 'overdue'; daysLate: number };

const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** The last due date that gets a reminder today: today + REMIND_DAYS_AHEAD. */
export function remindUntil(today: string): string {
  return new Date((dayNumber(today) + REMIND_DAYS_AHEAD) * DAY_MS).toISOString().slice(0, 10);
}

/** Whether an item with this due date is reminded today, and how. Done items never are. */
export function reminderFor(item: { dueDate: string; doneAt?: Date | null }, today: string): Reminder | null {
  if (item.doneAt) return null;
  const delta = dayNumber(item.dueDate) - dayNumber(today);
  if (delta < 0) return { kind: 'overdue', daysLate: -delta };
  if (delta <= REMIND_DAYS_AHEAD) return { kind: 'due_soon', daysLeft: delta };
  return null;
}

/** One reminder per item per day, however often the job runs and on however many workers. */
export const reminderKey = (itemId: string, today: string): string => `plan-reminder:${itemId}:${today}`;
