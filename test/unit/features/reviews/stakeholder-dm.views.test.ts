import { describe, expect, it } from 'vitest';
import { stakeholderInvite } from '../../../../src/features/reviews/stakeholder-dm.views.js';
import { checkMessage, formatViolation } from '../../../support/block-kit-checker.js';
import { pilotFixture } from '../pilots/pilot.fixture.js';

const REVIEW = 'a'.repeat(24);
const violations = (v: unknown[]) => v.map((x) => formatViolation(x as Parameters<typeof formatViolation>[0]));
const invite = (roles: Parameters<typeof stakeholderInvite>[0]['roles'], over = {}) =>
  stakeholderInvite({
    pilot: pilotFixture(over),
    reviewId: REVIEW,
    roles,
    signals: ['kpi_validation'],
    dueDate: '2026-12-09',
  });

describe('stakeholderInvite', () => {
  it("speaks to the sponsor who opened the review as 'you', never in the third person", () => {
    const msg = invite(['executive_sponsor']);
    expect(violations(checkMessage(msg))).toEqual([]);
    const blocks = JSON.stringify(msg.blocks);
    expect(blocks).not.toContain('<@U0SPONSOR>');
    expect(blocks).toContain('You opened a *gate review*');
    expect(blocks).toContain('You are the *executive sponsor*');
  });

  it('names the person who opened the review to everyone else', () => {
    const blocks = JSON.stringify(invite(['operational_lead']).blocks);
    expect(blocks).toContain('<@U0SPONSOR> opened a *gate review*');
    expect(blocks).toContain('You are the *operational lead*');
  });

  it("shows the due date as Slack's date token, so each reader sees it in their own zone", () => {
    const msg = invite(['technology_lead']);
    expect(JSON.stringify(msg.blocks)).toContain('<!date^1796774400^{date_short_pretty}|2026-12-09>');
    console.log(`stakeholder invite\n  text: ${msg.text}\n  blocks: ${JSON.stringify(msg.blocks)}`);
  });
});
