import { describe, expect, it } from 'vitest';
import { ROLE_IDS, SIGNAL_IDS } from '../../../../src/core/catalog.domain.js';
import { pilotListMessage } from '../../../../src/features/commands/gate-list.views.js';
import { buildHomeModel, type HomePilot, type HomeReview } from '../../../../src/features/home/home.domain.js';
import { homeView } from '../../../../src/features/home/home.views.js';
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
