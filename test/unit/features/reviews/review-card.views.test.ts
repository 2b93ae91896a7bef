import { describe, expect, it } from 'vitest';
import type { Pilot } from '../../../../src/features/pilots/pilot.types.js';
import type { Review } from '../../../../src/features/reviews/review.types.js';
import { reviewCard } from '../../../../src/features/reviews/review-card.views.js';
import { Ids } from '../../../../src/slack/ids.js';
import { checkMessage, formatViolation } from '../../../support/block-kit-checker.js';
import { pilotFixture } from '../pilots/pilot.fixture.js';
import { allInFixture, reviewFixture } from './review.fixture.js';

type Btn = { text: { text: string }; style?: string; action_id: string };
const buttons = (card: { blocks: unknown[] }): string[] =>
  (card.blocks as { type: string; elements?: Btn[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => (e.style === 'primary' ? `*${e.text.text}*` : e.text.text));
const json = (card: { blocks: unknown[] }) => JSON.stringify(card.blocks);
const decidedAt = new Date('2026-11-20T10:00:00Z');
const decided = (decision: Review['decisions'][number]['decision']) =>
  allInFixture({
    decisions: [{ decision, by: 'U0SPONSOR', at: decidedAt, round: 1, reason: 'KPIs hold on real data' }],
    decidedRound: 1,
    decisionCount: 1,
    decidedAt,
  });

function steps(): { name: string; pilot: Pilot; review: Review; review90Due?: boolean }[] {
  const threeIn = reviewFixture({ answeredRoles: ['executive_sponsor', 'operational_lead', 'change_lead'] });
  return [
    { name: 'opened', pilot: pilotFixture(), review: reviewFixture() },
    { name: '3 of 5', pilot: pilotFixture(), review: threeIn },
    { name: 'all in', pilot: pilotFixture(), review: allInFixture() },
    { name: 'proceed', pilot: pilotFixture({ stage: 'production' }), review: decided('proceed') },
    { name: '90 days on', pilot: pilotFixture({ stage: 'production' }), review: decided('proceed'), review90Due: true },
    { name: 'terminated', pilot: pilotFixture({ stage: 'terminated' }), review: decided('terminate') },
  ];
}

describe('the review card follows the review', () => {
  const card = (i: number) => {
    const s = steps()[i]!;
    return reviewCard(s.pilot, s.review, [], { review90Due: s.review90Due });
  };

  it('collecting: Answer my questions (primary) and Remind', () => {
    expect(buttons(card(1))).toEqual(['*Answer my questions*', 'Remind', 'Details']);
  });

  it('all answered: Record decision is primary, Answer my questions and Remind are gone', () => {
    expect(buttons(card(2))).toEqual(['*Record decision*', 'Details']);
  });

  it('a stale confirmation: not ready for the decision; the card says whose re-confirmation it waits on', () => {
    const stale = [{ role: 'operational_lead' as const, confirmedAt: new Date('2026-08-20T10:00:00Z') }];
    const shownReview = allInFixture({ outcome: 'collecting' });
    const c = reviewCard(pilotFixture(), shownReview, [], { stale });
    expect(buttons(c)).toEqual(['Record decision', 'Details']);
    expect(c.text).toBe('Re-confirmation asked of Ops before the decision · Invoice &lt;!channel&gt; triage');
    expect(c.text.length).toBeLessThanOrEqual(150);
    expect(json(c)).toContain(
      '🔁 Waiting on re-confirmation: Operational lead (answers from <!date^1787220000^{date_short_pretty}|2026-08-20>)',
    );
    expect(json(c)).not.toMatch(/Ready/);
    expect(checkMessage(c).map(formatViolation)).toEqual([]);
  });

  it('decided: View decision, nothing primary, no Record decision', () => {
    expect(buttons(card(3))).toEqual(['View decision', 'Details']);
    expect(json(card(3))).not.toContain(Ids.review.decideButton);
  });

  it('in production and due: the 90-day review is the next step', () => {
    expect(buttons(card(4))).toEqual(['*90-day review*', 'View decision', 'Details']);
  });

  it('never says "Awaiting: nobody"; stage, outcome and decision are one line', () => {
    for (let i = 0; i < steps().length; i++) expect(json(card(i))).not.toMatch(/Awaiting: nobody|nobody yet/);
    const lines = (card(3).blocks[1] as { text: { text: string } }).text.text;
    expect(lines.split('\n')).toHaveLength(1);
    expect(lines).toContain('*Stage:* Production');
    expect(lines).toContain('*Decision:* Proceed to production by <@U0SPONSOR>');
  });

  it('the first card pings nobody: the five are DM’d anyway', () => {
    expect(json(card(0))).not.toMatch(/<@U0/);
    expect(card(0).text).not.toMatch(/<@/);
  });

  it('notification text: ≤ 150 characters, the news first', () => {
    const texts = steps().map((_, i) => card(i).text);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(150);
    expect(texts).toMatchInlineSnapshot(`
      [
        "Gate review opened — 0 of 5 answered · Invoice &lt;!channel&gt; triage",
        "3 of 5 answered — waiting on Tech, Gov · Invoice &lt;!channel&gt; triage",
        "Ready for the sponsor's decision: ready to scale · Invoice &lt;!channel&gt; triage",
        "In production · Invoice &lt;!channel&gt; triage",
        "90-day review due · Invoice &lt;!channel&gt; triage",
        "Terminated · Invoice &lt;!channel&gt; triage",
      ]
    `);
  });

  it('every step passes Slack’s limits', () => {
    for (let i = 0; i < steps().length; i++) expect(checkMessage(card(i)).map(formatViolation)).toEqual([]);
  });
});

describe('a separation-of-duties exception on the card', () => {
  const exception = {
    reason: `${'A team of four; internal audit reviews every decision. '.repeat(12)}*bold* <!channel>`,
    recordedBy: 'U0ADMIN',
    recordedAt: new Date('2026-11-25T12:00:00Z'),
    rules: ['sponsor_not_governance' as const],
    roles: { executive_sponsor: 'U0SPONSOR', governance_lead: 'U0SPONSOR' },
  };

  it('shows who recorded it, when, the rule set aside and the reason clipped at a word, within Slack’s limits', () => {
    const card = reviewCard(pilotFixture({ separationException: exception }), reviewFixture());
    const line = (card.blocks as { type: string; elements?: { text: string }[] }[])
      .filter((b) => b.type === 'context')
      .flatMap((b) => b.elements ?? [])
      .map((e) => e.text)
      .find((t) => t.startsWith('⚖️'));
    expect(line).toMatch(
      /^⚖️ Separation-of-duties exception recorded by <@U0ADMIN>, <!date\^\d+\^[^|]+\|2026-11-25> \(the executive sponsor is also the governance lead\): A team of four;/,
    );
    expect(line).toMatch(/ [a-z]+…$/);
    expect(line).not.toContain('<!channel>');
    expect(checkMessage(card).map(formatViolation)).toEqual([]);
  });

  it('shows nothing of the kind on a pilot without one', () => {
    expect(json(reviewCard(pilotFixture(), reviewFixture()))).not.toContain('Separation-of-duties');
  });
});
