import { describe, expect, it } from 'vitest';
import { ROLE_IDS, SIGNAL_IDS, type SignalStatusValue } from '../../../../src/core/catalog.domain.js';
import {
  buildSponsorDigest,
  changesSince,
  type DigestInput,
  type DigestPilotRow,
  type DigestReviewRow,
  portfolioSummary,
} from '../../../../src/features/digests/digest.domain.js';
import { digestMessage, portfolioLines } from '../../../../src/features/digests/digest.views.js';
import { digestDue, digestKey, latestOccurrence } from '../../../../src/features/digests/digest-schedule.domain.js';
import { checkMessage } from '../../../support/block-kit-checker.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-30T09:00:00Z');
const SPONSOR = 'U0SPONSOR';
const people = {
  executive_sponsor: SPONSOR,
  operational_lead: 'U0OPS',
  technology_lead: 'U0TECH',
  governance_lead: 'U0GOV',
  change_lead: 'U0CHG',
};

const pilot = (id: string, over: Partial<DigestPilotRow> = {}): DigestPilotRow => ({
  channelId: 'C0PILOTS',
  id,
  name: `Pilot ${id}`,
  stage: 'in_review',
  stakeholders: people,
  flags: [],
  ...over,
});

const statuses = (...s: SignalStatusValue[]) => SIGNAL_IDS.map((signal, i) => ({ signal, status: s[i] ?? 'pending' }));

const review = (pilotId: string, over: Partial<DigestReviewRow> = {}): DigestReviewRow => ({
  pilotId,
  statuses: statuses('confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed'),
  answeredRoles: [...ROLE_IDS],
  outcome: 'proceed',
  round: 1,
  decidedRound: 1,
  roundStartedAt: new Date(NOW.getTime() - 30 * DAY),
  ...over,
});

/** A sponsor with three pilots in three stages: one in review with late answers, one in gap closure, one in production. */
function threePilots(): DigestInput {
  const pilots = [
    pilot('a', { name: 'Invoice triage', stage: 'in_review' }),
    pilot('b', {
      name: 'Claims summariser',
      stage: 'pre_production',
      flags: [{ kind: 'overdue', detail: 'Overdue: 1 gap-closure plan item past due (earliest 2026-11-20).' }],
    }),
    pilot('c', { name: 'Demand forecast', stage: 'production' }),
    pilot('d', { name: 'Old bot', stage: 'terminated' }),
    pilot('e', { name: 'Someone else’s', stakeholders: { ...people, executive_sponsor: 'U0OTHER' } }),
  ];
  return {
    sponsorId: SPONSOR,
    pilots: pilots.filter((p) => p.stakeholders.executive_sponsor === SPONSOR),
    reviews: new Map([
      [
        'a',
        review('a', {
          statuses: statuses('confirmed', 'pending'),
          answeredRoles: ['executive_sponsor', 'operational_lead'],
          outcome: 'collecting',
          decidedRound: 0,
          roundStartedAt: new Date(NOW.getTime() - 5 * DAY),
        }),
      ],
      [
        'b',
        review('b', {
          statuses: statuses('confirmed', 'conditional', 'confirmed', 'confirmed', 'confirmed'),
          outcome: 'continue_pre_production',
        }),
      ],
      ['c', review('c')],
    ]),
    openItems: new Map([
      [
        'b',
        [
          {
            pilotId: 'b',
            signal: 'data_infrastructure',
            action: 'Load test the pipeline',
            ownerId: 'U0TECH',
            dueDate: '2026-11-20',
          },
        ],
      ],
    ]),
    previous: null,
    portfolio: portfolioSummary(pilots),
    answerWindowMs: 2 * DAY,
    today: '2026-11-30',
    now: NOW,
  };
}

describe('buildSponsorDigest', () => {
  it('reports each open pilot of the sponsor: stage, grid, who is late, overdue items, flags', () => {
    const d = buildSponsorDigest(threePilots());
    expect(d?.pilots.map((p) => [p.name, p.stage])).toEqual([
      ['Claims summariser', 'pre_production'],
      ['Invoice triage', 'in_review'],
      ['Demand forecast', 'production'],
    ]);
    const [claims, invoice, demand] = d?.pilots ?? [];
    expect(invoice?.late).toEqual([
      { userId: 'U0TECH', role: 'technology_lead' },
      { userId: 'U0GOV', role: 'governance_lead' },
      { userId: 'U0CHG', role: 'change_lead' },
    ]);
    expect(claims?.overdueItems.map((i) => i.action)).toEqual(['Load test the pipeline']);
    expect(claims?.flags.map((f) => f.kind)).toEqual(['overdue']);
    expect(demand?.statuses.every((s) => s.status === 'confirmed')).toBe(true);
    expect(d?.firstDigest).toBe(true);
    expect(d?.snapshot.map((s) => s.pilotId).sort()).toEqual(['a', 'b', 'c']);
  });

  it('sends nothing to a sponsor with nothing open', () => {
    const input = threePilots();
    expect(buildSponsorDigest({ ...input, pilots: input.pilots.filter((p) => p.stage === 'terminated') })).toBeNull();
    expect(buildSponsorDigest({ ...input, pilots: [] })).toBeNull();
  });

  it('counts the days left to a decision due, and flags a review ready for the decision', () => {
    const input = threePilots();
    input.pilots[0] = { ...input.pilots[0]!, decisionDueAt: new Date('2026-12-05T10:00:00Z') };
    input.reviews = new Map(input.reviews).set(
      'b',
      review('b', { outcome: 'continue_pre_production', decidedRound: 0 }),
    );
    input.pilots[1] = { ...input.pilots[1]!, stage: 'in_review' };
    const d = buildSponsorDigest(input);
    expect(d?.pilots.find((p) => p.id === 'a')?.decision).toEqual({ kind: 'due', dueDate: '2026-12-05', daysLeft: 5 });
    expect(d?.pilots.find((p) => p.id === 'b')?.decision).toEqual({
      kind: 'ready',
      outcome: 'continue_pre_production',
    });
  });

  it('lists stale confirmations of an undecided review, and the decision waits on them', () => {
    const input = threePilots();
    const old = new Date(NOW.getTime() - 100 * DAY);
    input.confirmationValidForMs = 90 * DAY;
    input.reviews = new Map(input.reviews).set(
      'a',
      review('a', {
        outcome: 'proceed',
        decidedRound: 0,
        confirmations: {
          executive_sponsor: new Date(NOW.getTime() - 10 * DAY),
          operational_lead: old,
          technology_lead: new Date(NOW.getTime() - 89 * DAY),
          governance_lead: old,
          change_lead: new Date(NOW.getTime() - 1 * DAY),
        },
      }),
    );
    const d = buildSponsorDigest(input)!;
    const invoice = d.pilots.find((p) => p.id === 'a')!;
    expect(invoice.staleConfirmations).toEqual([
      { userId: 'U0OPS', role: 'operational_lead', confirmedAt: old },
      { userId: 'U0GOV', role: 'governance_lead', confirmedAt: old },
    ]);
    const text = JSON.stringify(digestMessage(d, 'Mon 30 Nov').blocks);
    expect(text).toContain(
      '🔁 Stale confirmations: <@U0OPS> (Operational lead, from <!date^1787389200^{date_short_pretty}|2026-08-22>), <@U0GOV> (Governance lead, from <!date^1787389200^{date_short_pretty}|2026-08-22>)',
    );
    expect(text).toContain('⚖️ Your decision waits on 2 stale confirmations: opening it asks them to re-confirm');
    expect(text).not.toContain('Ready for your decision');
    expect(digestMessage(d, 'Mon 30 Nov').text).toContain('2 stale confirmations');
    // Decided pilots and reviews without recorded confirmations list none.
    expect(d.pilots.filter((p) => p.id !== 'a').every((p) => p.staleConfirmations.length === 0)).toBe(true);
  });

  it('says what changed since the last digest, what is new and what closed', () => {
    const first = buildSponsorDigest(threePilots());
    const input = threePilots();
    input.previous = (first?.snapshot ?? [])
      .filter((s) => s.pilotId !== 'c')
      .concat({
        pilotId: 'z',
        name: 'Retired pilot',
        stage: 'in_review',
        statuses: {},
        flags: [],
        openItems: 0,
      });
    input.pilots.push(pilot('z', { name: 'Retired pilot', stage: 'paused' }));
    input.previous = input.previous.map((s) =>
      s.pilotId === 'a' ? { ...s, statuses: { ...s.statuses, kpi_validation: 'pending' }, flags: ['stale'] } : s,
    );
    const d = buildSponsorDigest(input);
    expect(d?.firstDigest).toBe(false);
    expect(d?.pilots.find((p) => p.id === 'a')?.changes).toEqual(['KPIs: pending → confirmed', 'Flag cleared: stale']);
    expect(d?.pilots.find((p) => p.id === 'c')?.isNew).toBe(true);
    expect(d?.closedSince).toEqual([{ name: 'Retired pilot', stage: 'paused' }]);
  });

  it('describes stage moves and finished plan items', () => {
    const before = {
      pilotId: 'b',
      name: 'B',
      stage: 'pre_production' as const,
      statuses: {},
      flags: ['overdue' as const],
      openItems: 2,
    };
    expect(changesSince(before, { ...before, stage: 'in_review', flags: [], openItems: 0 })).toEqual([
      'Stage: Pre-production (gap closure) → In review',
      'Flag cleared: overdue plan items',
      '2 plan items done',
    ]);
  });
});

describe('portfolioSummary', () => {
  it('counts stages, pilot → production conversion and the purgatory list', () => {
    const s = portfolioSummary([
      pilot('1', { stage: 'production' }),
      pilot('2', { stage: 'reviewed_90d' }),
      pilot('3', { name: 'Stuck', flags: [{ kind: 'purgatory', detail: '' }] }),
      pilot('4', { flags: [{ kind: 'at_risk', detail: '' }] }),
    ]);
    expect(s.stageCounts).toMatchObject({ production: 1, reviewed_90d: 1, in_review: 2, paused: 0 });
    expect([s.inProduction, s.total]).toEqual([2, 4]);
    expect(s.purgatory).toEqual(['Stuck']);
    expect(s.atRisk).toBe(1);
    expect(portfolioLines(s)).toContain('*Pilot → production conversion:* 50 % (2 of 4)');
    expect(portfolioLines(s)).toContain('*In pilot purgatory:* 1 (Stuck) · *at risk:* 1');
  });
});

describe('digestMessage', () => {
  it('renders the three-pilot digest within Slack limits, with a plain-text fallback', () => {
    const d = buildSponsorDigest(threePilots());
    const msg = digestMessage(d!, 'Mon 30 Nov 2026, 09:00 (UTC)');
    expect(checkMessage(msg)).toEqual([]);
    expect(msg.text).toBe(
      'Your weekly PilotGate digest: 3 open pilots — 1 with overdue items, 1 with late answers. Most urgent: Claims summariser.',
    );
    const all = JSON.stringify(msg.blocks);
    expect(all).toContain('Late: <@U0TECH> (Technology lead)');
    expect(all).toContain('Overdue since 2026-11-20: Load test the pipeline (<@U0TECH>)');
    expect(all).toContain('Pilot → production conversion:* 20 % (1 of 5)');
  });

  it('summarises a sponsor with 300 long-named, heavily flagged pilots and stays within limits', () => {
    const input = threePilots();
    const flags = (['at_risk', 'stale', 'overrunning', 'overdue'] as const).map((kind) => ({
      kind,
      detail: `${kind} `.repeat(60),
    }));
    input.pilots = Array.from({ length: 300 }, (_, i) =>
      pilot(`p${i}`, { name: `${'Very long pilot name '.repeat(4)}${i}`, flags }),
    );
    const msg = digestMessage(buildSponsorDigest(input)!, 'Mon 30 Nov 2026, 09:00 (UTC)');
    expect(checkMessage(msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('…and 262 more open pilots; see the App Home.');
  });
});

describe('digestMessage: every pilot that needs something offers its next step', () => {
  const decidable = (id: string) => review(id, { id: `${id}`.padEnd(24, '0'), outcome: 'proceed', decidedRound: 0 });
  type Section = { text: { text: string }; accessory?: { action_id: string; value: string; text: { text: string } } };
  const sectionOf = (msg: { blocks: unknown[] }, name: string) =>
    (msg.blocks as Section[]).find((b) => b.text?.text.startsWith(`*${name}*`));

  it('Record decision on a pilot ready for it; a link to the review’s channel on one waiting for answers', () => {
    const input = threePilots();
    input.pilots.push(pilot('r', { name: 'Ready pilot' }));
    input.reviews = new Map([...input.reviews, ['r', decidable('r')]]);
    const msg = digestMessage(buildSponsorDigest(input)!, 'Mon 30 Nov 2026, 09:00 (UTC)');
    expect(sectionOf(msg, 'Ready pilot')?.accessory).toMatchObject({
      action_id: 'review.decide.open',
      value: 'r'.padEnd(24, '0'),
      text: { text: 'Record decision' },
    });
    expect(sectionOf(msg, 'Invoice triage')?.text.text).toContain('👉 Open the review in <#C0PILOTS>');
    expect(sectionOf(msg, 'Invoice triage')?.accessory).toBeUndefined();
    expect(sectionOf(msg, 'Demand forecast')?.text.text).not.toContain('<#C0PILOTS>');
    expect(checkMessage(msg)).toEqual([]);
  });

  it('shows a flag by its first sentence, never cut mid-word, and links the card for the rest', () => {
    const detail =
      'In pilot purgatory: KPIs validated since 2026-09-01 and no scale decision after 60 days. Decision due by 2026-12-01. To get out: the sponsor records a decision to proceed, close the gaps, pause or stop the pilot now.';
    const input = threePilots();
    input.pilots.push(pilot('r', { name: 'Stuck pilot', flags: [{ kind: 'purgatory', detail }] }));
    input.reviews = new Map([...input.reviews, ['r', decidable('r')]]);
    const text = sectionOf(digestMessage(buildSponsorDigest(input)!, 'Mon'), 'Stuck pilot')?.text.text;
    expect(text).toContain(
      '🚩 In pilot purgatory: KPIs validated since 2026-09-01 and no scale decision after 60 days.\n',
    );
    expect(text).not.toMatch(/\w…/);
    expect(text).toContain('👉 Details on the card in <#C0PILOTS>');
  });

  it('stays within 50 blocks and the button limits with 60 pilots ready for a decision', () => {
    const input = threePilots();
    input.pilots = Array.from({ length: 60 }, (_, i) => pilot(`q${i}`, { name: `Pilot number ${i}` }));
    input.reviews = new Map(input.pilots.map((p) => [p.id, decidable(p.id)]));
    const msg = digestMessage(buildSponsorDigest(input)!, 'Mon 30 Nov 2026, 09:00 (UTC)');
    expect(checkMessage(msg)).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(msg.blocks).match(/review\.decide\.open/g)).toHaveLength(8);
    expect(JSON.stringify(msg.blocks)).toContain('· <#C0PILOTS>');
  });
});

describe('digest schedule', () => {
  it.each([
    [
      'Monday 09:00 Berlin has passed at 08:00 UTC',
      '0 9 * * 1',
      'Europe/Berlin',
      '2026-11-30T08:00:00Z',
      '2026-11-30T08:00:00.000Z',
    ],
    [
      'not yet at 07:59 UTC: last week’s',
      '0 9 * * 1',
      'Europe/Berlin',
      '2026-11-30T07:59:00Z',
      '2026-11-23T08:00:00.000Z',
    ],
    [
      'New York is five hours behind UTC',
      '0 9 * * 1',
      'America/New_York',
      '2026-11-30T15:00:00Z',
      '2026-11-30T14:00:00.000Z',
    ],
    ['an unknown zone falls back to UTC', '0 9 * * 1', 'Not/AZone', '2026-11-30T10:00:00Z', '2026-11-30T09:00:00.000Z'],
  ])('%s', (_name, cron, tz, now, expected) => {
    expect(latestOccurrence(cron, tz, new Date(now))?.toISOString()).toBe(expected);
  });

  it('is due once, within a day of the moment', () => {
    const occ = new Date('2026-11-30T08:00:00Z');
    expect(digestDue(occ, new Date('2026-11-30T08:03:00Z'), false)).toBe(true);
    expect(digestDue(occ, new Date('2026-11-30T08:03:00Z'), true)).toBe(false);
    expect(digestDue(occ, new Date('2026-12-01T08:00:00Z'), false)).toBe(false);
    expect(digestDue(latestOccurrence('not a cron', 'UTC', occ), occ, false)).toBe(false);
    expect(digestKey('T1', 'U1', occ)).toBe('digest:T1:U1:2026-11-30T08:00:00.000Z');
  });
});
