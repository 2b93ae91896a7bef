import { describe, expect, it } from 'vitest';
import { purgatoryAlert } from '../../../../src/features/purgatory/purgatory.views.js';
import { checkMessage } from '../../../support/block-kit-checker.js';

const since = new Date('2026-04-01T00:00:00Z');

describe('purgatoryAlert', () => {
  it.each([
    ['at_risk', 'Invoice triage — At risk … To get out: x. <@U0SPONSOR>, the decision is yours.'],
    ['purgatory', 'Invoice triage — At risk … To get out: x. <@U0SPONSOR>, the decision is yours.'],
  ] as const)('%s: names what gets the pilot out, the sponsor and the decision button', (kind, text) => {
    const msg = purgatoryAlert(
      { name: 'Invoice triage', sponsorId: 'U0SPONSOR' },
      { kind, since, detail: 'At risk … To get out: x.' },
      'r'.repeat(24),
    );
    expect(msg.text).toBe(text);
    expect(checkMessage(msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('"action_id":"review.decide.open"');
  });

  it('escapes a hostile pilot name and stays within limits with a very long detail', () => {
    const msg = purgatoryAlert({ name: '<!channel> & co' }, { kind: 'purgatory', since, detail: 'd'.repeat(5000) });
    expect(msg.text.startsWith('&lt;!channel&gt; &amp; co — ddd')).toBe(true);
    expect(msg.text.length).toBeLessThan(1600);
    expect(checkMessage(msg)).toEqual([]);
  });
});
