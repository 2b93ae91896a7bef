import type { Model } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS, SIGNAL_IDS } from '../../src/core/catalog.domain.js';
import { WELCOME_TEXT } from '../../src/features/home/home.views.js';
import { PilotModel } from '../../src/features/pilots/pilot.model.js';
import { ReviewModel } from '../../src/features/reviews/review.model.js';
import { eventually, type Harness, useApp } from '../support/app-harness.js';
import { answerAs, reviewIdOf } from '../support/flows/answer.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { action_id: string; value?: string };
};

async function openHome(h: Harness, user: string): Promise<Block[]> {
  const published = h.sim.callsTo('views.publish').length;
  const ack = await h.slack.event({ event: { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' } });
  expect(ack.status).toBe(200);
  await eventually(() => h.sim.callsTo('views.publish').length > published);
  return (h.sim.homeViews.get(user)?.blocks ?? []) as Block[];
}

const texts = (blocks: Block[]) => blocks.map((b) => b.text?.text ?? '').join('\n');

describe('App Home', () => {
  it('with no pilots: a welcome on the first visit, nothing owed, an empty portfolio', async () => {
    const blocks = await openHome(h, 'U0NEWCOMER');
    expect(texts(blocks)).toContain(WELCOME_TEXT);
    expect(texts(blocks)).toContain('Waiting on you (0)');
    expect(texts(blocks)).toContain('No pilots in this workspace yet.');
    expect(h.sim.violations).toEqual([]);
    const again = await openHome(h, 'U0NEWCOMER');
    expect(texts(again)).not.toContain('Welcome to PilotGate');
  });

  it('with one pilot: the questionnaire owed with its button, dates in the viewer’s time zone, refreshed when answered', async () => {
    h.sim.setUser(STAKEHOLDERS.operational_lead, { tz: 'Asia/Tokyo' });
    expect((await registerPilot(h, { name: 'Invoice triage assistant' })).status).toBe(200);
    await eventually(() => h.sim.lastMessageIn(CHANNEL));
    const reviewId = await reviewIdOf(h, 'Invoice triage assistant');
    const blocks = await openHome(h, STAKEHOLDERS.operational_lead);
    const owed = blocks.find((b) => b.block_id === 'home.wait.0');
    expect(owed?.text?.text).toBe(
      '📝 *Answer your questions* for *Invoice triage assistant* (Operational lead) · review opened Wed 25 Nov 2026, 21:00 (Asia/Tokyo)',
    );
    expect(owed?.accessory).toMatchObject({ action_id: 'review.answer.open', value: reviewId });
    expect(texts(blocks)).toContain('Your pilots (1)');
    expect(texts(blocks)).toContain('⚪⚪⚪⚪⚪  *Invoice triage assistant* · In review · <#C0PILOTS>');
    expect(texts(blocks)).toContain('*Pilot → production conversion:* 0 % (0 of 1)');
    expect(h.sim.violations).toEqual([]);

    // Refreshed when what the viewer owes changes: their answer lands, the item goes.
    await answerAs(h, {
      reviewId,
      role: 'operational_lead',
      userId: STAKEHOLDERS.operational_lead,
      assessment: 'confirmed',
    });
    await eventually(() =>
      texts((h.sim.homeViews.get(STAKEHOLDERS.operational_lead)?.blocks ?? []) as Block[]).includes(
        'Waiting on you (0)',
      ),
    );
    // The sponsor never opened the Home tab, so nothing was published for them.
    expect(h.sim.homeViews.has(STAKEHOLDERS.executive_sponsor)).toBe(false);
    expect(h.sim.violations).toEqual([]);
  });

  it('with 200 more pilots: summarised within Slack’s limits, most urgent first', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const stakeholders = Object.fromEntries(ROLE_IDS.map((r) => [r, 'U0BUSY']));
    const pilots = await (PilotModel as Model<unknown>).insertMany(
      Array.from({ length: 200 }, (_, i) => ({
        teamId: h.sim.team.id,
        channelId: `C0BULK${i % 7}`,
        name: `Bulk pilot ${String(i).padStart(3, '0')} with a long descriptive name for layout`,
        nameKey: `bulk pilot ${String(i).padStart(3, '0')} with a long descriptive name for layout`,
        plannedKpiValidationDate: '2027-01-15',
        stakeholders,
        createdBy: 'U0BUSY',
        stage: i % 10 === 0 ? 'production' : 'in_review',
        flags:
          i % 4 === 0
            ? [{ kind: 'purgatory', since: now, detail: 'No decision 180 days after the KPIs were validated' }]
            : [],
      })),
    );
    await (ReviewModel as Model<unknown>).insertMany(
      pilots.map((p) => ({
        teamId: h.sim.team.id,
        pilotId: String(p._id),
        manifestVersion: h.server.deps.manifests.current.version,
        round: 1,
        rounds: [{ n: 1, startedAt: now, requiredRoles: [...ROLE_IDS], reason: 'Review opened' }],
        statuses: SIGNAL_IDS.map((signal) => ({ signal, status: 'pending', reasons: [], awaiting: [] })),
        outcome: 'collecting',
        openedAt: now,
        lastActivityAt: now,
      })),
    );
    const blocks = await openHome(h, 'U0BUSY');
    expect(h.sim.violations).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(100);
    const all = texts(blocks);
    expect(all).toContain('Waiting on you (180)');
    expect(JSON.stringify(blocks)).toContain('…and 165 more — the most urgent are shown first');
    expect(all).toContain('Your pilots (200)');
    expect(all).toContain('Workspace portfolio (201 pilots)');
    expect(all).toContain('*Pilot → production conversion:* 10 % (20 of 201)');
    expect(all).toContain('*Pilot purgatory (50):*');
    expect(JSON.stringify(blocks)).toContain('…and 40 more — `/gate list` shows every pilot with its flags');
  });

  it('Refresh re-publishes the tab', async () => {
    const before = h.sim.callsTo('views.publish').length;
    await h.slack.blockAction({
      userId: 'U0BUSY',
      actionId: 'home.refresh',
      view: { id: h.sim.homeViews.get('U0BUSY')?.id },
    });
    await eventually(() => h.sim.callsTo('views.publish').length > before);
    expect(h.sim.violations).toEqual([]);
  });

  it('posts a short intro once when PilotGate joins a channel, and nothing when a person joins', async () => {
    const join = (user: string) =>
      h.slack.event({
        event: { type: 'member_joined_channel', user, channel: 'C0NEWROOM', channel_type: 'C', team: h.sim.team.id },
      });
    await join('U0SOMEONE');
    await join('U0SIMBOT');
    const intro = await eventually(() => h.sim.lastMessageIn('C0NEWROOM'));
    expect(intro.text).toMatch(
      /^Hi! I run AI pilot-to-production gate reviews\. Register a pilot here with \/gate start/,
    );
    await join('U0SIMBOT');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sim.messages.get('C0NEWROOM')).toHaveLength(1);
    expect(h.sim.violations).toEqual([]);
  });
});
