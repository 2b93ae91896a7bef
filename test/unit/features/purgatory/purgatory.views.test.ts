import { describe, expect, it } from 'vitest';
import { alertSteps } from '../../../../src/features/purgatory/purgatory.domain.js';
import * as views from '../../../../src/features/purgatory/purgatory.views.js';
import { checkMessage } from '../../../support/block-kit-checker.js';

const { purgatoryAlert } = views;
const since = new Date('2026-04-01T00:00:00Z');
const REVIEW = 'r'.repeat(24);
const actionIds = (msg: { blocks: unknown[] }) =>
  [...JSON.stringify(msg.blocks).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1]);
const ANSWERS_MISSING = { remind: true, decide: false };
const DECIDABLE = { remind: false, decide: true };

describe('purgatoryAlert', () => {
  // Changed on purpose (issue 15 item 6): the channel alert no longer calls out the sponsor by name (they get a DM),
  // and its text is the news in ≤ 150 characters; the flag's detail stays in the blocks.
  it.each([
    ['at_risk', 'Invoice triage — At risk of pilot purgatory: it needs the sponsor’s decision.'],
    ['purgatory', 'Invoice triage — In pilot purgatory: it needs the sponsor’s decision.'],
  ] as const)('%s: the news, what gets the pilot out and the decision button; names nobody', (kind, text) => {
    const msg = purgatoryAlert(
      { name: 'Invoice triage', channelId: 'C1' },
      { kind, since, detail: 'At risk … To get out: x.' },
      REVIEW,
      DECIDABLE,
    );
    expect(msg.text).toBe(text);
    expect(checkMessage(msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('To get out: x.');
    expect(JSON.stringify(msg)).not.toContain('<@');
    expect(actionIds(msg)).toEqual(['review.decide.open']);
  });

  it('offers Remind while answers are missing, and Record decision only when a decision is possible', () => {
    const flag = { kind: 'purgatory' as const, since, detail: 'In pilot purgatory …' };
    const missing = purgatoryAlert({ name: 'Invoice triage' }, flag, REVIEW, ANSWERS_MISSING);
    expect(actionIds(missing)).toEqual(['review.remind.now']);
    expect(missing.text).toBe('Invoice triage — In pilot purgatory: answers are missing.');
    const both = purgatoryAlert({ name: 'Invoice triage' }, flag, REVIEW, { remind: true, decide: true });
    expect(actionIds(both)).toEqual(['review.remind.now', 'review.decide.open']);
    expect(JSON.stringify(both.blocks).match(/"style":"primary"/g)).toHaveLength(1);
    for (const m of [missing, both]) expect(checkMessage(m)).toEqual([]);
  });

  it('the sponsor’s DM asks for their decision in private, with the same next steps', () => {
    const flag = { kind: 'purgatory' as const, since, detail: 'In pilot purgatory: decision due by 2026-12-09.' };
    const dm = views.purgatorySponsorDm({ name: 'Invoice <triage>', channelId: 'C1' }, flag, REVIEW, DECIDABLE);
    expect(dm.text).toBe('Your decision is needed: Invoice &lt;triage&gt; is in pilot purgatory.');
    expect(JSON.stringify(dm.blocks)).toContain('<#C1>');
    expect(actionIds(dm)).toEqual(['review.decide.open']);
    expect(checkMessage(dm)).toEqual([]);
  });

  it('escapes a hostile pilot name and stays within limits with a very long detail', () => {
    const msg = purgatoryAlert({ name: '<!channel> & co' }, { kind: 'purgatory', since, detail: 'd'.repeat(5000) });
    expect(msg.text.startsWith('&lt;!channel&gt; &amp; co — In pilot purgatory')).toBe(true);
    expect(msg.text.length).toBeLessThanOrEqual(150 + 20);
    expect(JSON.stringify(msg.blocks)).toContain('ddd');
    expect(checkMessage(msg)).toEqual([]);
  });
});

describe('alertSteps', () => {
  it('remind while a signal is pending; decide once the operational lead answered', () => {
    const pending = [{ status: 'pending' }, { status: 'confirmed' }];
    expect(alertSteps({ statuses: pending, answeredRoles: ['technology_lead'] })).toEqual(ANSWERS_MISSING);
    expect(alertSteps({ statuses: [{ status: 'confirmed' }], answeredRoles: ['operational_lead'] })).toEqual(DECIDABLE);
    expect(alertSteps(undefined)).toEqual({ remind: false, decide: false });
  });
});
