import { describe, expect, it } from 'vitest';
import { reminderFor, reminderKey, remindUntil } from '../../../../src/features/plan-reminders/plan-reminder.domain.js';
import { planReminder } from '../../../../src/features/plan-reminders/plan-reminder.views.js';
import { checkMessage } from '../../../support/block-kit-checker.js';

describe('reminderFor', () => {
  it.each([
    ['due in three days: not yet', '2026-12-04', undefined, null],
    ['due in two days', '2026-12-03', undefined, { kind: 'due_soon', daysLeft: 2 }],
    ['due today', '2026-12-01', undefined, { kind: 'due_soon', daysLeft: 0 }],
    ['overdue by one day', '2026-11-30', undefined, { kind: 'overdue', daysLate: 1 }],
    ['done items are never reminded', '2026-11-30', new Date('2026-11-30T10:00:00Z'), null],
  ])('%s', (_name, dueDate, doneAt, expected) => {
    expect(reminderFor({ dueDate, doneAt }, '2026-12-01')).toEqual(expected);
  });

  it('looks two days ahead, across a month end, and keys one reminder per item per day', () => {
    expect(remindUntil('2026-11-30')).toBe('2026-12-02');
    expect(reminderKey('item1', '2026-12-01')).toBe('plan-reminder:item1:2026-12-01');
  });
});

describe('planReminder', () => {
  const item = {
    id: '65a000000000000000000001',
    signal: 'data_infrastructure' as const,
    action: 'Load test <the> pipeline',
    dueDate: '2026-12-03',
  };
  it.each([
    [
      { kind: 'due_soon', daysLeft: 2 } as const,
      'Due in 2 days: your gap-closure item for Invoice &amp; triage (due 2026-12-03): Load test &lt;the&gt; pipeline',
    ],
    [
      { kind: 'overdue', daysLate: 1 } as const,
      'Overdue by 1 day: your gap-closure item for Invoice &amp; triage (due 2026-12-03): Load test &lt;the&gt; pipeline',
    ],
  ])('says when, with a Mark-done button carrying the item id (%o)', (reminder, text) => {
    const msg = planReminder('Invoice & triage', item, reminder);
    expect(msg.text).toBe(text);
    expect(checkMessage(msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('"action_id":"plan.item.done","value":"65a000000000000000000001"');
  });
});
