import { describe, expect, it } from 'vitest';
import { ROLE_IDS, type RoleId } from '../../../../src/core/catalog.domain.js';
import type { Question } from '../../../../src/core/manifest.schema.js';
import { computeSignalStatuses } from '../../../../src/core/signal-status.domain.js';
import type { Review } from '../../../../src/features/reviews/review.types.js';
import type { ReviewDetails } from '../../../../src/features/reviews/review-details.domain.js';
import { answerText, businessCaseAnswers } from '../../../../src/features/reviews/review-details.domain.js';
import { reviewDetailsModal } from '../../../../src/features/reviews/review-details.views.js';
import { type SignalEvidence, signalEvidence } from '../../../../src/features/reviews/signal-evidence.domain.js';
import { checkView, formatViolation } from '../../../support/block-kit-checker.js';
import { allGood, defaultManifest } from '../../core/manifest.fixture.js';
import { pilotFixture } from '../pilots/pilot.fixture.js';

const manifest = defaultManifest();
const question = (role: RoleId, id: string): Question =>
  manifest.questionnaires[role].questions.find((q) => q.id === id)!;
const at = (id: string) => `<@${id}>`;

describe('answerText', () => {
  it.each([
    { role: 'operational_lead', id: 'bc_investment', value: 1250000, want: '1,250,000 USD' },
    { role: 'operational_lead', id: 'kpi_representative_data', value: false, want: 'No' },
    { role: 'executive_sponsor', id: 'operational_owner', value: 'U0OWNER', want: '<@U0OWNER>' },
    { role: 'operational_lead', id: 'escalation_contacts', value: ['U1', 'U2'], want: '<@U1>, <@U2>' },
    { role: 'governance_lead', id: 'monitoring_cadence', value: 'weekly', want: 'Weekly' },
    { role: 'operational_lead', id: 'bc_value_at_scale', value: null, want: '—' },
    {
      role: 'technology_lead',
      id: 'infrastructure_checklist',
      value: ['integrations_tested'],
      want: '☐ Data pipelines sized and load-tested\n☑ Integrations with operational systems tested end to end',
    },
  ] as const)('$id = $value → $want', ({ role, id, value, want }) => {
    expect(answerText(question(role, id), value as never, at).startsWith(want)).toBe(true);
  });
});

describe('businessCaseAnswers', () => {
  it('lists the sponsor and ops lead business-case questions, unanswered ones as null', () => {
    const rows = businessCaseAnswers(manifest, { operational_lead: { bc_investment: 5 } });
    expect(rows.map((r) => `${r.role}.${r.question.id}`)).toEqual([
      'executive_sponsor.bc_value_at_scale',
      'executive_sponsor.bc_investment',
      'executive_sponsor.bc_return_months',
      'executive_sponsor.bc_pilot_cost_month',
      'operational_lead.bc_value_at_scale',
      'operational_lead.bc_investment',
      'operational_lead.bc_return_months',
      'operational_lead.bc_pilot_cost_month',
    ]);
    expect(rows.find((r) => r.role === 'operational_lead' && r.question.id === 'bc_investment')?.value).toBe(5);
    expect(rows[0]?.value).toBeNull();
  });
});

describe('reviewDetailsModal', () => {
  const review: Review = {
    id: 'r'.repeat(24),
    teamId: 'T1',
    pilotId: 'b'.repeat(24),
    manifestVersion: manifest.version,
    round: 1,
    rounds: [{ n: 1, startedAt: new Date(), requiredRoles: [...ROLE_IDS], reason: 'opened' }],
    statuses: [],
    outcome: 'collecting',
    answeredRoles: [],
    answerSeq: 0,
    snapshotSeq: 0,
    decisions: [],
    decidedRound: 0,
    decisionCount: 0,
    openedAt: new Date(),
    lastActivityAt: new Date(),
  };

  function details(answers: ReturnType<typeof allGood> | Record<string, never>, long = false): ReviewDetails {
    const pilot = pilotFixture(
      long
        ? {
            name: 'n'.repeat(80),
            killCriteria: 'k'.repeat(2000),
            scaleCriteria: 's'.repeat(2000),
            kpis: Array.from({ length: 20 }, (_, i) => ({
              name: `KPI ${i} ${'x'.repeat(60)}`,
              baseline: '1',
              target: '2',
            })),
          }
        : {},
    );
    return {
      pilot,
      review,
      signals: computeSignalStatuses({ manifest, answers, pilot: { regulated: true } }),
      businessCase: businessCaseAnswers(manifest, answers),
    };
  }

  it('shows the pilot’s flags whole (Home and the digest show only their first sentence)', () => {
    const detail = 'Stale: no review activity since 2026-09-01. To get out: answer the open questions.';
    const d = details({});
    const view = reviewDetailsModal({
      ...d,
      pilot: { ...d.pilot, flags: [{ kind: 'stale', since: new Date(), detail }] },
    });
    expect(JSON.stringify(view.blocks)).toContain(`🚩 ${detail}`);
    expect(checkView(view).map(formatViolation)).toEqual([]);
  });

  it('fits Slack with nothing answered', () => {
    const view = reviewDetailsModal(details({}));
    expect(checkView(view).map(formatViolation)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('Awaiting');
  });

  it('fits Slack with every answer at its longest and shows who assessed what', () => {
    const answers = allGood();
    answers.operational_lead.bc_value_at_scale = 'v'.repeat(2000);
    answers.executive_sponsor.bc_value_at_scale = 'w'.repeat(2000);
    const view = reviewDetailsModal(details(answers, true));
    expect(checkView(view).map(formatViolation)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Technology lead (<@U0TECH>): Confirmed');
    expect(text).toContain('Governance lead (<@U0GOV>): Confirmed');
    expect(view.submit).toBeUndefined();
  });

  describe('evidence', () => {
    const report: SignalEvidence = {
      kind: 'link',
      title: 'Q1 KPI report <!channel>',
      url: 'https://bi.example.com/kpi?q=1&r=2',
      roles: ['executive_sponsor', 'operational_lead'],
    };
    const dpia: SignalEvidence = {
      kind: 'file',
      title: 'DPIA v3.pdf',
      url: 'https://acme.slack.com/files/U0GOV/F0DPIA/dpia_v3.pdf',
      fileId: 'F0DPIA',
      roles: ['governance_lead'],
    };
    const sectionOf = (view: ReturnType<typeof reviewDetailsModal>, label: string) =>
      (view.blocks as { type: string; text?: { text: string } }[]).find(
        (b) => b.type === 'section' && b.text?.text.includes(`*${label}*`),
      )?.text?.text ?? '';

    it('lists each signal’s items as links, 🔗 or 📄, with who attached them, titles escaped', () => {
      const view = reviewDetailsModal({ ...details({}), evidence: { kpi_validation: [report], governance: [dpia] } });
      expect(sectionOf(view, 'KPIs validated on representative data')).toContain(
        '_Evidence:_\n🔗 <https://bi.example.com/kpi?q=1&amp;r=2|Q1 KPI report &lt;!channel&gt;> — Sponsor, Ops',
      );
      expect(sectionOf(view, 'Governance and compliance tested')).toContain(
        '📄 <https://acme.slack.com/files/U0GOV/F0DPIA/dpia_v3.pdf|DPIA v3.pdf> — Gov',
      );
      expect(sectionOf(view, 'Operational ownership assigned')).toContain('_No evidence attached_');
      expect(checkView(view).map(formatViolation)).toEqual([]);
    });

    it('shows the evidence as a role’s answers store it (under @evidence:<signal>)', () => {
      const answers = { governance_lead: { '@evidence:governance': [dpia] } };
      const view = reviewDetailsModal({ ...details({}), evidence: signalEvidence(answers) });
      expect(sectionOf(view, 'Governance and compliance tested')).toContain('DPIA v3.pdf> — Gov');
    });

    it('says “No evidence attached” only where a role assesses the signal', () => {
      const d = details({});
      const unassessed = d.signals.map((s) =>
        s.signal === 'user_adoption' ? { ...s, assessments: [], awaiting: [] } : s,
      );
      const view = reviewDetailsModal({ ...d, signals: unassessed });
      expect(sectionOf(view, 'End users trained, adoption plan active')).not.toContain('evidence');
      expect(sectionOf(view, 'KPIs validated on representative data')).toContain('_No evidence attached_');
    });

    it('stays within Slack’s limits with every role’s most evidence at its longest, and says how many are left out', () => {
      const many: SignalEvidence[] = Array.from({ length: 50 }, (_, i) => ({
        kind: i % 2 ? 'file' : 'link',
        title: `${'Quarterly KPI report '.repeat(7)}${i}`.slice(0, 150),
        url: `https://bi.example.com/${'k'.repeat(200)}/${i}`,
        roles: [...ROLE_IDS],
      }));
      const evidence = Object.fromEntries(
        ['kpi_validation', 'data_infrastructure', 'governance', 'user_adoption', 'operational_ownership'].map((s) => [
          s,
          many,
        ]),
      );
      const answers = allGood();
      answers.operational_lead.bc_value_at_scale = 'v'.repeat(2000);
      const view = reviewDetailsModal({ ...details(answers, true), evidence });
      expect(checkView(view).map(formatViolation)).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      const kpis = sectionOf(view, 'KPIs validated on representative data');
      expect(kpis).toMatch(/_…and \d+ more: `\/gate export` lists every item\._$/);
      // Titles are cut at a word, and no link is cut in half.
      expect(kpis).toContain('|Quarterly KPI report Quarterly KPI report Quarterly KPI report Quarterly KPI…>');
      expect(
        kpis
          .split('\n')
          .filter((l) => l.startsWith('🔗') || l.startsWith('📄'))
          .every((l) => /> — /.test(l)),
      ).toBe(true);
      expect(kpis).toContain('Operational lead (<@U0OPS>): Confirmed');
    });
  });
});
