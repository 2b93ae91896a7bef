import type { InputBlock, ModalView, RadioButtons } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { type Decision, SIGNAL_IDS } from '../../../../src/core/catalog.domain.js';
import type { BusinessCaseLine } from '../../../../src/features/decisions/business-case.domain.js';
import * as views from '../../../../src/features/decisions/decision.views.js';

const { alreadyDecidedText, decisionMessage, decisionModal, refusalText } = views;

import { allowedDecisions } from '../../../../src/features/reviews/outcome.domain.js';
import type { Review } from '../../../../src/features/reviews/review.types.js';
import type { SignalEvidence } from '../../../../src/features/reviews/signal-evidence.domain.js';
import { checkMessage, checkView, formatViolation } from '../../../support/block-kit-checker.js';
import { pilot, planItem, REVIEW_ID, review, statuses } from './fixtures.js';

const metadata = JSON.stringify({ reviewId: REVIEW_ID, round: 1 });
const LONG = 'x'.repeat(2000);
const businessCase: BusinessCaseLine[] = [
  { role: 'operational_lead', label: 'Business value at production scale', value: 'Saves 3 FTE <at scale>' },
  { role: 'executive_sponsor', label: 'Investment needed', value: '250,000 USD' },
];

function modal(r: Review, chosen: Decision | null, lines = businessCase): ModalView {
  const allowed = allowedDecisions({
    outcome: r.outcome,
    opsLeadAnswered: r.answeredRoles.includes('operational_lead'),
  });
  return decisionModal({ pilot: pilot(), review: r, allowed, chosen, businessCase: lines, metadata });
}

const ids = (v: ModalView) => v.blocks.map((b) => b.block_id).filter(Boolean);
const radio = (v: ModalView) =>
  (v.blocks.find((b) => b.block_id === 'decision.choice') as InputBlock | undefined)?.element as
    | RadioButtons
    | undefined;
const text = (v: ModalView) => JSON.stringify(v.blocks);

const ALL_CONDITIONAL = statuses('conditional');

describe('decisionModal', () => {
  it.each([
    ['all confirmed', statuses('confirmed'), ['proceed', 'pause', 'terminate']],
    ['one conditional', statuses('confirmed', { governance: 'conditional' }), ['gap_closure', 'pause', 'terminate']],
    ['one failed', statuses('confirmed', { user_adoption: 'failed' }), ['pause', 'terminate']],
  ] as const)('%s offers exactly %j', (_name, s, expected) => {
    const view = modal(review(s), null);
    expect(radio(view)?.options.map((o) => o.value)).toEqual(expected);
    expect(view.submit).toBeDefined();
    expect((view.blocks.find((b) => b.block_id === 'decision.choice') as InputBlock).dispatch_action).toBe(true);
  });

  // Changed on purpose (issue 15 item 2): KPIs, business case and every reason moved to *Details*; the modal
  // keeps the criteria and one line per signal with its first reason and the disagreement.
  it('shows the criteria, first reasons and disagreement beside the choice, escaped', () => {
    const s = statuses('confirmed', { governance: 'failed' });
    s[2] = { ...s[2]!, disagreement: { roles: ['technology_lead', 'governance_lead'] } };
    const t = text(modal(review(s), null));
    expect(t).toContain('Accuracy below 90% after eight weeks');
    expect(t).toContain('Cycle time under 1.5 days on production data');
    expect(t).toContain('Gov lead: governance needs work');
    expect(t).toContain('Technology lead and Governance lead disagree');
    expect(JSON.stringify(modal(review(s), null))).toContain('Invoice <triage> & co');
  });

  it('leads with the choice; under it one line per signal, the criteria and a Details button', () => {
    const s = statuses('confirmed', { governance: 'conditional' });
    s[2] = { ...s[2]!, reasons: ['Gov lead: no DPIA yet', 'Tech lead: audit log missing'] };
    const view = modal(review(s), null);
    expect(view.blocks[0]?.block_id).toBe('decision.choice');
    const summary = view.blocks[1] as { text: { text: string } };
    const lines = summary.text.text.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toBe('🟡 *Governance* conditional: Gov lead: no DPIA yet · 📎 none');
    expect(text(view)).not.toContain('audit log missing');
    expect(text(view)).not.toContain('Business case');
    const details = view.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string }[] };
    expect(details.elements.map((e) => e.action_id)).toEqual(['decision.record.details']);
    // Before the decision's own fields, the modal reads in a handful of lines, not ~40.
    const before = view.blocks
      .map((b) => JSON.stringify(b))
      .join('')
      .split('\\n').length;
    expect(before).toBeLessThanOrEqual(10);
  });

  it('beside each status: how many items of evidence and the first as a link, or 📎 none', () => {
    const report: SignalEvidence = {
      kind: 'link',
      title: 'Q1 KPI report <!here> on March and April volumes, signed off',
      url: 'https://bi.example.com/kpi?q=1&r=2',
      roles: ['operational_lead'],
    };
    const dpia: SignalEvidence = { kind: 'file', title: 'DPIA v3.pdf', url: 'https://acme.slack.com/f/F1', roles: [] };
    const r = review(statuses('confirmed'));
    const allowed = allowedDecisions({ outcome: r.outcome, opsLeadAnswered: true });
    const view = decisionModal({
      pilot: pilot(),
      review: r,
      allowed,
      chosen: null,
      businessCase,
      metadata,
      evidence: { kpi_validation: [report, dpia], governance: [dpia] },
    });
    const lines = (view.blocks[1] as { text: { text: string } }).text.text.split('\n');
    expect(lines[0]).toBe(
      '🟢 *KPIs* confirmed · 📎 2 · <https://bi.example.com/kpi?q=1&amp;r=2|Q1 KPI report &lt;!here&gt; on March and…>',
    );
    expect(lines[1]).toBe('🟢 *Data* confirmed · 📎 none');
    expect(lines[2]).toBe('🟢 *Governance* confirmed · 📎 1 · <https://acme.slack.com/f/F1|DPIA v3.pdf>');
  });

  it('a first item whose link is too long for the line shows its title alone', () => {
    const huge: SignalEvidence = {
      kind: 'link',
      title: 'Load test',
      url: `https://perf.example.com/${'x'.repeat(2900)}`,
      roles: ['technology_lead'],
    };
    const r = review(statuses('confirmed'));
    const allowed = allowedDecisions({ outcome: r.outcome, opsLeadAnswered: true });
    const evidence = Object.fromEntries(SIGNAL_IDS.map((s) => [s, [huge, huge]]));
    const view = decisionModal({ pilot: pilot(), review: r, allowed, chosen: null, businessCase, metadata, evidence });
    const lines = (view.blocks[1] as { text: { text: string } }).text.text.split('\n');
    expect(lines[1]).toBe('🟢 *Data* confirmed · 📎 2 · Load test');
    expect(checkView(view).map(formatViolation)).toEqual([]);
  });

  it('Details holds every reason, the KPIs and the business case, escaped', () => {
    const s = statuses('confirmed', { governance: 'failed' });
    s[2] = { ...s[2]!, reasons: ['Gov lead: no DPIA yet', 'Tech lead: audit log missing'] };
    const details = views.decisionDetailsModal({ pilot: pilot(), review: review(s), businessCase });
    const t = text(details);
    expect(t).toContain('Tech lead: audit log missing');
    expect(t).toContain('Cycle time: 4.2 days → 1 day');
    expect(t).toContain('Saves 3 FTE &lt;at scale&gt;');
    expect(t).toContain('Business case — Executive sponsor');
    expect(details.submit).toBeUndefined();
    expect(checkView(details).map(formatViolation)).toEqual([]);
  });

  it('gap_closure groups each signal’s fields under it, with example placeholders, an owner and a date picker', () => {
    const view = modal(review(statuses('confirmed', { governance: 'conditional' })), 'gap_closure');
    const block = (id: string) => view.blocks.find((b) => b.block_id === id) as InputBlock;
    const placeholder = (id: string) => (block(id).element as { placeholder?: { text: string } }).placeholder?.text;
    expect(placeholder('plan.governance.action')).toMatch(/^e\.g\. /);
    expect(block('plan.governance.owner').element.type).toBe('users_select');
    expect(block('plan.governance.due').element.type).toBe('datepicker');
    expect(placeholder('plan.governance.owner')).not.toBe('Owner');
    expect(placeholder('plan.governance.due')).not.toBe('Due date');
    expect(block('plan.governance.action').label.text).toBe('Governance: what closes the gap');
    const at = view.blocks.findIndex((b) => b.block_id === 'plan.governance.action');
    expect(JSON.stringify(view.blocks[at - 1])).toContain('Governance and compliance tested');
  });

  it('proceed: every monitoring field is optional, and the ops lead gets what is left as a task', () => {
    const view = modal(review(statuses('confirmed')), 'proceed');
    const monitor = view.blocks.filter((b) => b.block_id?.startsWith('monitor.')) as InputBlock[];
    expect(monitor).toHaveLength(6);
    expect(monitor.every((b) => b.optional === true)).toBe(true);
    expect(text(view)).toContain('<@UOPS>');
    expect(text(view)).toContain('task due in 14 days');
  });

  it('monitoringTaskMessage: the ops lead’s DM says what to do by when, with Mark done', () => {
    const item = planItem({ signal: 'operational_ownership', ownerId: 'UOPS', action: 'Set the plan <now>' });
    const msg = views.monitoringTaskMessage(pilot(), item);
    expect(msg.text).toBe(
      'Set the monitoring plan for Invoice &lt;triage&gt; &amp; co by 2026-12-15: it is going to production.',
    );
    expect(msg.text.length).toBeLessThanOrEqual(150);
    expect(JSON.stringify(msg.blocks)).toContain('<!date^');
    expect(JSON.stringify(msg.blocks)).toContain('Set the plan &lt;now&gt;');
    expect(JSON.stringify(msg.blocks)).toContain('"action_id":"plan.item.done"');
    expect(checkMessage(msg).map(formatViolation)).toEqual([]);
  });

  it('gap_closure shows action, owner, due date and optional investment for each conditional signal', () => {
    const view = modal(
      review(statuses('confirmed', { governance: 'conditional', user_adoption: 'conditional' })),
      'gap_closure',
    );
    expect(ids(view).filter((id) => id?.startsWith('plan.'))).toEqual([
      'plan.governance.action',
      'plan.governance.owner',
      'plan.governance.due',
      'plan.governance.investment',
      'plan.user_adoption.action',
      'plan.user_adoption.owner',
      'plan.user_adoption.due',
      'plan.user_adoption.investment',
    ]);
    const investment = view.blocks.find((b) => b.block_id === 'plan.governance.investment') as InputBlock;
    expect(investment.optional).toBe(true);
    expect(radio(view)?.initial_option?.value).toBe('gap_closure');
  });

  it('pause and terminate ask for a reason; proceed for the monitoring plan', () => {
    expect(ids(modal(review(ALL_CONDITIONAL), 'pause'))).toContain('decision.reason');
    expect(ids(modal(review(ALL_CONDITIONAL), 'terminate'))).toContain('decision.reason');
    expect(ids(modal(review(statuses('confirmed')), 'proceed'))).toEqual(
      expect.arrayContaining([
        'monitor.model_output_quality',
        'monitor.user_adoption_rate',
        'monitor.data_pipeline_reliability',
        'monitor.escalation_volume',
        'monitor.incident_deciders',
        'monitor.incident_notes',
      ]),
    );
  });

  it('ignores a chosen decision that is not allowed (no fields, nothing pre-selected)', () => {
    const view = modal(review(statuses('confirmed', { kpi_validation: 'failed' })), 'proceed');
    expect(radio(view)?.initial_option).toBeUndefined();
    expect(ids(view).some((id) => id?.startsWith('monitor.'))).toBe(false);
  });

  it('explains instead of offering choices while the operational lead has not answered', () => {
    const r = review(statuses('pending', { data_infrastructure: 'confirmed' }), { answeredRoles: ['technology_lead'] });
    const view = modal(r, null);
    expect(radio(view)).toBeUndefined();
    expect(view.submit).toBeUndefined();
    expect(text(view)).toContain('Nothing can be decided yet');
    expect(text(view)).toContain('<@UOPS>');
  });

  it('cannot decide: leads with that sentence and offers Remind the missing people as a button, no command', () => {
    const r = review(statuses('pending'), { answeredRoles: ['technology_lead'] });
    const view = modal(r, null);
    const first = view.blocks[0] as { text: { text: string }; accessory?: { action_id: string; value: string } };
    expect(first.text.text).toMatch(/^\*Nothing can be decided yet\.\*/);
    expect(first.accessory).toMatchObject({ action_id: 'review.remind.now', value: REVIEW_ID });
    expect(JSON.stringify(first.accessory)).toContain('Remind the missing people');
    expect(text(view)).not.toContain('/gate remind');
    expect(text(view)).not.toContain('nudge');
  });

  const variants: [string, Review, Decision | null][] = [
    ['no choice', review(statuses('confirmed')), null],
    ['proceed', review(statuses('confirmed')), 'proceed'],
    ['gap closure, all five conditional', review(ALL_CONDITIONAL), 'gap_closure'],
    ['pause', review(ALL_CONDITIONAL), 'pause'],
    ['terminate', review(ALL_CONDITIONAL), 'terminate'],
    ['cannot decide', review(statuses('pending'), { answeredRoles: [] }), null],
  ];
  it.each(variants)('%s passes the Block Kit checker, also with very long texts', (_name, r, chosen) => {
    const long = review(
      r.statuses.map((s) => ({ ...s, reasons: Array(5).fill(LONG) })),
      { ...r, round: 3 },
    );
    const lines = SIGNAL_IDS.map((_s, i) => ({ role: 'operational_lead' as const, label: LONG, value: `${i}${LONG}` }));
    const item: SignalEvidence = {
      kind: 'file',
      title: '&'.repeat(150),
      url: `https://acme.slack.com/files/${'&'.repeat(240)}`,
      roles: ['governance_lead'],
    };
    const evidence = Object.fromEntries(SIGNAL_IDS.map((s) => [s, Array(50).fill(item)]));
    const allowed = allowedDecisions({
      outcome: long.outcome,
      opsLeadAnswered: long.answeredRoles.includes('operational_lead'),
    });
    const withEvidence = decisionModal({
      pilot: pilot(),
      review: long,
      allowed,
      chosen,
      businessCase: lines,
      metadata,
      evidence,
    });
    for (const view of [modal(r, chosen), modal(long, chosen, lines), withEvidence]) {
      expect(checkView(view).map(formatViolation)).toEqual([]);
    }
  });
});

describe('decisionMessage', () => {
  const decided = { by: 'USPONSOR', at: new Date('2026-11-25T12:00:00Z'), round: 1 };

  it('names the decision, who, and the plan, with a plain-text fallback', () => {
    const msg = decisionMessage({
      pilot: pilot({ stage: 'pre_production' }),
      decision: { decision: 'gap_closure', ...decided },
      planItems: [planItem()],
    });
    expect(msg.text).toBe(
      'Decision for Invoice &lt;triage&gt; &amp; co: Continue in pre-production with a gap-closure plan, recorded by <@USPONSOR>.',
    );
    const t = JSON.stringify(msg.blocks);
    expect(t).toContain('<@USPONSOR>');
    expect(t).toContain('Test drift alerts &lt;end to end&gt; — <@UFIX>, due 2026-12-15, 25,000 USD');
    expect(checkMessage(msg).map(formatViolation)).toEqual([]);
  });

  it('carries the reason of a pause and the monitoring plan of a proceed', () => {
    const pause = decisionMessage({ pilot: pilot(), decision: { decision: 'pause', reason: 'No owner', ...decided } });
    expect(pause.text).toContain('Reason: No owner');
    const proceed = decisionMessage({
      pilot: pilot({ stage: 'production' }),
      decision: { decision: 'proceed', ...decided },
      monitoringPlan: {
        metrics: [{ metric: 'escalation_volume', threshold: 'Over 30 a week' }],
        incidentOwners: 'Decision-makers: <@UOPS>',
        capturedAt: decided.at,
        capturedBy: 'USPONSOR',
      },
    });
    expect(JSON.stringify(proceed.blocks)).toContain('Escalation volume: Over 30 a week');
    for (const m of [pause, proceed]) expect(checkMessage(m).map(formatViolation)).toEqual([]);
  });
});

describe('refusal and already-decided texts', () => {
  it('name the sponsor and what was decided', () => {
    expect(refusalText(pilot())).toContain('(<@USPONSOR>) or a workspace gate admin');
    const gap = alreadyDecidedText(pilot(), { decision: 'gap_closure', by: 'USPONSOR', at: new Date(), round: 1 });
    expect(gap).toContain('already recorded');
    expect(gap).toContain('after the re-review');
    expect(alreadyDecidedText(pilot(), undefined)).toContain('a decision');
  });
});
