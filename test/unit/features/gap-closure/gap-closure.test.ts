import { describe, expect, it } from 'vitest';
import {
  mayMarkDone,
  planComplete,
  planProgress,
  planSignals,
  reReviewReason,
} from '../../../../src/features/gap-closure/gap-closure.domain.js';
import {
  MAX_ITEMS,
  markDoneText,
  ownerItemsMessage,
  planModal,
} from '../../../../src/features/gap-closure/gap-closure.views.js';
import { rolesToReassess } from '../../../../src/features/reviews/rounds.domain.js';
import { Ids } from '../../../../src/slack/ids.js';
import { checkMessage, checkView, formatViolation } from '../../../support/block-kit-checker.js';
import { defaultManifest } from '../../core/manifest.fixture.js';
import { pilot, planItem } from '../decisions/fixtures.js';

const done = new Date('2026-12-01T09:00:00Z');

const markButtons = (blocks: unknown[]) =>
  (blocks as { accessory?: { action_id?: string; value?: string } }[])
    .filter((b) => b.accessory?.action_id === Ids.plan.markDone)
    .map((b) => b.accessory?.value);

describe('gap-closure rules', () => {
  it('lets the owner, the sponsor or a gate admin mark an item done, nobody else', () => {
    expect(mayMarkDone({ ownerId: 'UO' }, 'UO', 'US', false)).toBe(true);
    expect(mayMarkDone({ ownerId: 'UO' }, 'US', 'US', false)).toBe(true);
    expect(mayMarkDone({ ownerId: 'UO' }, 'UA', 'US', true)).toBe(true);
    expect(mayMarkDone({ ownerId: 'UO' }, 'UX', 'US', false)).toBe(false);
  });

  it('a plan is complete only when its round has items and all are done; other rounds do not count', () => {
    const a = planItem({ signal: 'governance', doneAt: done });
    const b = planItem({ signal: 'kpi_validation' });
    expect(planComplete([a, b], 1)).toBe(false);
    expect(planComplete([a, { ...b, doneAt: done }], 1)).toBe(true);
    expect(planComplete([a, { ...b, round: 2 }], 1)).toBe(true);
    expect(planComplete([a], 2)).toBe(false);
    expect(planComplete([], 1)).toBe(false);
  });

  it('re-reviews every signal of the plan in catalog order, with the roles that assess them', () => {
    const items = [
      planItem({ signal: 'user_adoption' }),
      planItem({ signal: 'kpi_validation' }),
      planItem({ signal: 'user_adoption' }),
    ];
    expect(planSignals(items)).toEqual(['kpi_validation', 'user_adoption']);
    expect(reReviewReason(planSignals(items))).toBe(
      'Re-review after gap closure: KPIs validated on representative data, End users trained, adoption plan active',
    );
    expect(rolesToReassess(defaultManifest(), ['governance'])).toEqual(['technology_lead', 'governance_lead']);
    expect(planProgress([planItem({ doneAt: done }), planItem()])).toEqual({ done: 1, total: 2 });
  });
});

describe('gap-closure views', () => {
  const open = planItem();
  const closed = planItem({ id: 'd'.repeat(24), doneAt: done, doneBy: 'US', investment: undefined });

  it('DMs the owner their items with Mark done on the open ones, escaped, with a text fallback', () => {
    const msg = ownerItemsMessage(pilot(), [open, closed], 'Marked.');
    expect(msg.text).toBe('You own 1 open gap-closure item for Invoice &lt;triage&gt; &amp; co.');
    expect(markButtons(msg.blocks)).toEqual([open.id]);
    const t = JSON.stringify(msg.blocks);
    expect(t).toContain('Test drift alerts &lt;end to end&gt;');
    expect(t).toContain('due 2026-12-15 · 25,000 USD');
    expect(t).toContain('done by <@US> on 2026-12-01');
    expect(t).toContain('Marked.');
    expect(checkMessage(msg).map(formatViolation)).toEqual([]);
    expect(ownerItemsMessage(pilot(), [closed]).text).toMatch(/^All your gap-closure items/);
  });

  it('the plan modal shows progress and Mark done only where the viewer may use it', () => {
    const view = planModal({
      pilot: pilot(),
      items: [open, closed, planItem({ id: 'e'.repeat(24), ownerId: 'UOTHER' })],
      canMark: (i) => i.ownerId === 'UFIX',
      metadata: '{}',
    });
    expect(view.callback_id).toBe(Ids.plan.modal);
    expect(JSON.stringify(view.blocks)).toContain('1/3 items done');
    expect(markButtons(view.blocks)).toEqual([open.id]);
    expect(checkView(view).map(formatViolation)).toEqual([]);
  });

  it('stays within Slack limits with many long items', () => {
    const many = Array.from({ length: MAX_ITEMS + 15 }, (_, i) =>
      planItem({ id: String(i).padStart(24, '0'), action: 'y'.repeat(2000) }),
    );
    const view = planModal({ pilot: pilot(), items: many, canMark: () => true, metadata: '{}', notice: 'n' });
    expect(checkView(view).map(formatViolation)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('…and 15 more items.');
    expect(checkMessage(ownerItemsMessage(pilot(), many)).map(formatViolation)).toEqual([]);
    expect(checkView(planModal({ pilot: pilot(), items: [], canMark: () => true, metadata: '{}' }))).toEqual([]);
  });

  it('tells the clicker what happened', () => {
    expect(markDoneText(open, false, false)).toMatch(/is done\.$/);
    expect(markDoneText(open, false, true)).toContain('re-reviewed');
    expect(markDoneText(closed, true, false)).toContain('already marked done by <@US>');
  });
});
