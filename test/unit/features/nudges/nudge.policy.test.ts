import { describe, expect, it } from 'vitest';
import { parseQuietHours } from '../../../../src/core/quiet-hours.domain.js';
import {
  dueNudges,
  escalationMilestone,
  type NudgeCadence,
  type NudgeRecord,
  nudgeDecision,
  owedRecipients,
  pendingEscalations,
  type ReviewNudgeState,
} from '../../../../src/features/nudges/nudge.policy.js';

const H = 3_600_000;
const D = 24 * H;
const opened = new Date('2026-03-02T12:00:00Z');
const at = (ms: number) => new Date(opened.getTime() + ms);
const cadence: NudgeCadence = {
  nudgeFirstAfterMs: 2 * D,
  nudgeEveryMs: D,
  escalateAfterNudges: 3,
  quietHours: parseQuietHours('18:00-09:00'),
};
const NY = -5 * 3600; // 12:00 UTC is 07:00 in New York in March (before DST): quiet
const UTC = 0;

describe('nudgeDecision', () => {
  const cases: Array<{
    name: string;
    record?: NudgeRecord;
    now: Date;
    tz?: number;
    expected: ReturnType<typeof nudgeDecision>;
  }> = [
    {
      name: 'before the first nudge is due',
      now: at(2 * D - 1),
      expected: { kind: 'wait', until: at(2 * D), reason: 'cadence' },
    },
    { name: 'first nudge at openedAt + first-after', now: at(2 * D), expected: { kind: 'due', n: 1 } },
    { name: 'long after: still only the next nudge', now: at(9 * D), expected: { kind: 'due', n: 1 } },
    {
      name: 'within the cadence after a nudge',
      record: { userId: 'U1', count: 1, lastSentAt: at(2 * D + H) },
      now: at(3 * D),
      expected: { kind: 'wait', until: at(3 * D + H), reason: 'cadence' },
    },
    {
      name: 'every after the last nudge',
      record: { userId: 'U1', count: 1, lastSentAt: at(2 * D + H) },
      now: at(3 * D + H),
      expected: { kind: 'due', n: 2 },
    },
    {
      name: 'snoozed past the cadence',
      record: { userId: 'U1', count: 1, lastSentAt: at(2 * D), snoozedUntil: at(5 * D) },
      now: at(4 * D),
      expected: { kind: 'wait', until: at(5 * D), reason: 'snoozed' },
    },
    {
      name: 'a snooze before the first nudge',
      record: { userId: 'U1', count: 0, snoozedUntil: at(3 * D) },
      now: at(2 * D),
      expected: { kind: 'wait', until: at(3 * D), reason: 'snoozed' },
    },
    {
      name: 'an expired snooze changes nothing',
      record: { userId: 'U1', count: 2, lastSentAt: at(3 * D), snoozedUntil: at(3 * D + H) },
      now: at(4 * D),
      expected: { kind: 'due', n: 3 },
    },
    {
      name: 'due but inside quiet hours (07:00 New York): waits until 09:00 local',
      now: at(2 * D),
      tz: NY,
      expected: { kind: 'wait', until: at(2 * D + 2 * H), reason: 'quiet_hours' },
    },
  ];
  it.each(cases)('$name', ({ record, now, tz, expected }) => {
    expect(nudgeDecision({ roundStartedAt: opened, record, cadence, now, tzOffsetSeconds: tz ?? UTC })).toEqual(
      expected,
    );
  });

  it('quiet hours off: nudges at night too', () => {
    const decision = nudgeDecision({
      roundStartedAt: opened,
      record: undefined,
      cadence: { ...cadence, quietHours: null },
      now: at(2 * D),
      tzOffsetSeconds: NY,
    });
    expect(decision).toEqual({ kind: 'due', n: 1 });
  });
});

const stakeholders = {
  executive_sponsor: 'USPONSOR',
  operational_lead: 'UOPS',
  technology_lead: 'UTECH',
  governance_lead: 'UGOV',
  change_lead: 'UOPS',
};
const state = (over: Partial<ReviewNudgeState> = {}): ReviewNudgeState => ({
  reviewId: 'r1',
  round: 1,
  roundStartedAt: opened,
  owedRoles: ['executive_sponsor', 'operational_lead', 'technology_lead', 'change_lead'],
  stakeholders,
  deputies: {},
  awayUsers: [],
  stage: 'in_review',
  decidedRound: 0,
  ...over,
});

describe('owedRecipients', () => {
  it('one entry per person, with every role they owe', () => {
    expect(owedRecipients(state()).map((r) => [r.userId, r.roles])).toEqual([
      ['USPONSOR', ['executive_sponsor']],
      ['UOPS', ['operational_lead', 'change_lead']],
      ['UTECH', ['technology_lead']],
    ]);
  });

  it.each([
    ['the round is decided', { decidedRound: 1 }],
    ['nobody owes anything', { owedRoles: [] }],
    ['the pilot left review', { stage: 'paused' as const }],
  ])('nobody when %s', (_name, over) => {
    expect(owedRecipients(state(over))).toEqual([]);
  });

  it('an away holder with a deputy is chased through the deputy; present holders and deputies-of-themselves are not', () => {
    const s = state({
      owedRoles: ['technology_lead', 'operational_lead'],
      deputies: { technology_lead: 'UDEP', operational_lead: 'UOPS' },
      awayUsers: ['UTECH', 'UOPS'],
    });
    expect(owedRecipients(s)).toEqual([
      { userId: 'UDEP', roles: ['technology_lead'], standingInFor: { technology_lead: 'UTECH' } },
      { userId: 'UOPS', roles: ['operational_lead'], standingInFor: {} },
    ]);
  });
});

describe('dueNudges', () => {
  it('answered roles drop out (cancel on answer) and each due person gets the next count', () => {
    const history: NudgeRecord[] = [
      { userId: 'UOPS', count: 2, lastSentAt: at(3 * D) },
      { userId: 'UTECH', count: 1, lastSentAt: at(3 * D + 12 * H) },
    ];
    const due = dueNudges(
      state({ owedRoles: ['operational_lead', 'technology_lead'] }),
      history,
      cadence,
      at(4 * D),
      () => UTC,
    );
    expect(due.map((d) => [d.userId, d.n])).toEqual([['UOPS', 3]]);
  });
});

describe('escalation', () => {
  it.each([
    [0, 0],
    [2, 0],
    [3, 3],
    [5, 3],
    [6, 6],
  ])('after %i nudges the milestone is %i (N = 3)', (count, milestone) => {
    expect(escalationMilestone(count, 3)).toBe(milestone);
  });

  it('is pending once per milestone, never about the sponsor themselves', () => {
    const history: NudgeRecord[] = [
      { userId: 'USPONSOR', count: 3 },
      { userId: 'UOPS', count: 3, escalated: 0 },
      { userId: 'UTECH', count: 4, escalated: 3 },
    ];
    expect(pendingEscalations(state(), history, 3)).toEqual([
      { userId: 'UOPS', roles: ['operational_lead', 'change_lead'], nudges: 3, milestone: 3 },
    ]);
    const later = history.map((h) => (h.userId === 'UTECH' ? { ...h, count: 6 } : { ...h, escalated: 3 }));
    expect(pendingEscalations(state(), later, 3).map((p) => [p.userId, p.milestone])).toEqual([['UTECH', 6]]);
  });
});
