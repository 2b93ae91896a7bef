import { describe, expect, it } from 'vitest';
import { ROLE_IDS, SIGNAL_IDS } from '../../../../src/core/catalog.domain.js';
import { pilotListMessage } from '../../../../src/features/commands/gate-list.views.js';
import { buildHomeModel, type HomePilot, type HomeReview } from '../../../../src/features/home/home.domain.js';
import { homeView } from '../../../../src/features/home/home.views.js';
import { SIGNAL_GRID_LEGEND } from '../../../../src/features/reviews/review-card.views.js';
import { checkMessage, checkView } from '../../../support/block-kit-checker.js';

const now = new Date('2026-11-25T12:00:00Z');
const ME = 'U0ME';

function pilot(i: number, over: Partial<HomePilot> = {}): HomePilot {
  return {
    id: `p${i}`,
    name: `Pilot ${i} <!channel> & a name long enough to matter in a summary line of the home tab`,
    channelId: `C${i}`,
    stage: 'in_review',
    flags:
      i % 3 === 0
        ? [
            { kind: 'purgatory', detail: 'x'.repeat(300) },
            { kind: 'stale', detail: 'y'.repeat(300) },
          ]
        : [],
    stakeholders: Object.fromEntries(ROLE_IDS.map((r) => [r, ME])),
    createdBy: ME,
    createdAt: new Date(now.getTime() - i * 1000),
    ...over,
  };
}

function review(p: HomePilot, over: Partial<HomeReview> = {}): HomeReview {
  return {
    id: `r-${p.id}`,
    pilotId: p.id,
    round: 1,
    rounds: [{ n: 1, requiredRoles: [...ROLE_IDS] }],
    answeredRoles: [],
    decidedRound: 0,
    outcome: 'collecting',
    statuses: SIGNAL_IDS.map((signal) => ({ signal, status: 'pending', reasons: [], awaiting: [] })),
    openedAt: now,
    ...over,
  };
}

const render = (pilots: HomePilot[], reviews: HomeReview[], firstVisit = false) =>
  homeView(buildHomeModel({ userId: ME, pilots, reviews, planItems: [], today: '2026-11-25' }), {
    now,
    tz: 'Europe/Berlin',
    firstVisit,
  });

describe('home view', () => {
  it.each([0, 1, 200, 2000])('stays within Slack’s limits with %i pilots', (count) => {
    const pilots = Array.from({ length: count }, (_, i) => pilot(i));
    const view = render(
      pilots,
      pilots.map((p) => review(p)),
      true,
    );
    expect(checkView(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('escapes pilot names so a name can never ping a channel', () => {
    const view = JSON.stringify(render([pilot(1)], [review(pilot(1))]));
    expect(view).not.toContain('<!channel>');
    expect(view).toContain('&lt;!channel&gt;');
  });

  it('puts a decision the sponsor owes before questionnaires', () => {
    const waiting = pilot(1, { name: 'Waiting', flags: [] });
    const decidable = pilot(2, { name: 'Decidable', flags: [] });
    const model = buildHomeModel({
      userId: ME,
      pilots: [waiting, decidable],
      reviews: [review(waiting), review(decidable, { outcome: 'proceed', answeredRoles: [...ROLE_IDS] })],
      planItems: [],
      today: '2026-11-25',
    });
    expect(model.waiting.map((w) => [w.kind, w.pilot.name])).toEqual([
      ['decide', 'Decidable'],
      ['answer', 'Waiting'],
    ]);
  });

  it('shows plan items the viewer owns with the Open plan button, overdue ones first', () => {
    const p = pilot(1, { name: 'Planned', flags: [], stakeholders: {}, createdBy: 'U0OTHER', stage: 'pre_production' });
    const item = (id: string, dueDate: string) => ({
      id,
      reviewId: 'r-p1',
      pilotId: 'p1',
      action: `Do ${id}`,
      dueDate,
    });
    const model = buildHomeModel({
      userId: ME,
      pilots: [p],
      reviews: [review(p, { decidedRound: 1, outcome: 'continue_pre_production' })],
      planItems: [item('later', '2026-12-09'), item('late', '2026-11-20')],
      today: '2026-11-25',
    });
    expect(model.waiting.map((w) => w.kind === 'plan' && [w.item.id, w.overdue])).toEqual([
      ['late', true],
      ['later', false],
    ]);
    const blocks = homeView(model, { now, tz: 'UTC', firstVisit: false }).blocks as {
      block_id?: string;
      text?: { text: string };
      accessory?: { action_id: string; value: string };
    }[];
    const first = blocks.find((b) => b.block_id === 'home.wait.0');
    expect(first?.text?.text).toBe('📋 *Plan item* for *Planned*: Do late · 🔴 overdue since 2026-11-20');
    expect(first?.accessory).toMatchObject({ action_id: 'plan.view.open', value: 'r-p1' });
  });

  it('owes nothing once the round is decided or the pilot is closed', () => {
    const decided = pilot(1, { stage: 'pre_production' });
    const closed = pilot(2, { stage: 'terminated' });
    const model = buildHomeModel({
      userId: ME,
      pilots: [decided, closed],
      reviews: [
        review(decided, { decidedRound: 1, outcome: 'pause', answeredRoles: ['operational_lead'] }),
        review(closed),
      ],
      planItems: [],
      today: '2026-11-25',
    });
    expect(model.waiting).toEqual([]);
  });
});

describe('home portfolio, grid and flags', () => {
  type Block = {
    type: string;
    block_id?: string;
    text?: { text: string };
    elements?: { text: string }[];
    accessory?: { action_id: string; value: string };
  };
  const blocksOf = (pilots: HomePilot[]) =>
    render(
      pilots,
      pilots.map((p) => review(p)),
    ).blocks as Block[];
  const textOf = (blocks: Block[]) => blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '');
  const purgatoryDetail =
    'In pilot purgatory: KPIs validated since 2026-09-01 and no scale decision after 60 days. Decision due by 2026-12-01. To get out: the sponsor records a decision to proceed, close the gaps, pause or stop the pilot now.';

  it('says conversion as the digest does: the share of all pilots in production', () => {
    const pilots = [
      pilot(1, { flags: [], stage: 'production' }),
      pilot(2, { flags: [], stage: 'terminated' }),
      ...[3, 4, 5].map((i) => pilot(i, { flags: [] })),
    ];
    const all = textOf(blocksOf(pilots)).join('\n');
    expect(all).toContain('*Pilot → production conversion:* 20 % (1 of 5)');
    expect(all).not.toContain('concluded');
  });

  it('counts only pilots in purgatory as pilot purgatory; at-risk pilots are listed apart', () => {
    const pilots = [
      pilot(1, { name: 'Stuck', flags: [{ kind: 'purgatory', detail: purgatoryDetail }] }),
      pilot(2, { name: 'Close', flags: [{ kind: 'at_risk', detail: 'At risk of pilot purgatory: no decision.' }] }),
    ];
    const all = textOf(blocksOf(pilots));
    const purgatory = all.find((t) => t.startsWith('*Pilot purgatory'));
    expect(purgatory).toMatch(/^\*Pilot purgatory \(1\):\*\n.*Stuck/);
    expect(purgatory).not.toContain('Close');
    expect(all.find((t) => t.startsWith('*At risk'))).toMatch(/^\*At risk \(1\):\*\n.*Close/);
  });

  it('explains the signal grid with the legend /gate list shows', () => {
    const all = textOf(blocksOf([pilot(1, { flags: [] })]));
    expect(all).toContain(SIGNAL_GRID_LEGEND);
    expect(SIGNAL_GRID_LEGEND).toContain('KPIs · Data · Governance · Adoption · Ownership');
    const list = JSON.stringify(pilotListMessage([{ ...pilot(1), statuses: [] }], 1).blocks);
    expect(list).toContain(SIGNAL_GRID_LEGEND);
  });

  it('shows a flag as its first sentence, never cut mid-word, with Details for the rest', () => {
    const p = pilot(1, { name: 'Stuck', flags: [{ kind: 'purgatory', detail: purgatoryDetail }] });
    const blocks = blocksOf([p]);
    const row = blocks.find((b) => b.text?.text.includes('🚩') && b.accessory);
    expect(row?.text?.text).toContain(
      '🚩 In pilot purgatory: KPIs validated since 2026-09-01 and no scale decision after 60 days.',
    );
    expect(row?.text?.text).not.toContain('To get out');
    expect(row?.accessory).toMatchObject({ action_id: 'review.details.open', value: 'r-p1' });
    for (const t of textOf(blocks)) expect(t).not.toMatch(/🚩[^\n]*\w…/);
  });
});

describe('/gate list view', () => {
  it.each([0, 1, 40, 41, 500])('pages %i pilots within a message’s limits', (count) => {
    const listed = Array.from({ length: count }, (_, i) => ({
      ...pilot(i),
      statuses: review(pilot(i)).statuses,
    }));
    for (const page of [1, 2, 13]) {
      const msg = pilotListMessage(listed, page);
      expect(checkMessage(msg)).toEqual([]);
      expect(msg.blocks.length).toBeLessThan(50);
    }
  });
});
