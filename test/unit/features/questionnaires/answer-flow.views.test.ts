import type { SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../../../src/core/catalog.domain.js';
import {
  disagreementThread,
  noRoleMessage,
  notice,
  noticeModal,
  questionnairePageModal,
  rolePickerModal,
} from '../../../../src/features/questionnaires/answer-flow.views.js';
import { questionnairePages } from '../../../../src/features/questionnaires/questionnaire-pages.domain.js';
import { checkMessage, checkView, formatViolation } from '../../../support/block-kit-checker.js';
import { defaultManifest, goodAnswers } from '../../core/manifest.fixture.js';
import { pilotFixture } from '../pilots/pilot.fixture.js';

const manifest = defaultManifest();
const REVIEW = 'a'.repeat(24);

const violations = (v: unknown[]) => v.map((x) => formatViolation(x as Parameters<typeof formatViolation>[0]));

describe('noRoleMessage', () => {
  it('names who holds each role (the text names the sponsor to ask) and escapes the pilot name', () => {
    const msg = noRoleMessage(pilotFixture());
    expect(violations(checkMessage(msg))).toEqual([]);
    expect(msg.text).toContain('Ask <@U0SPONSOR> if it should be you.');
    expect(JSON.stringify(msg.blocks)).toContain('*Executive sponsor*: <@U0SPONSOR>\\n• *Operational lead*: <@U0OPS>');
    expect(JSON.stringify(msg.blocks)).toContain('*Change lead*: <@U0CHANGE>');
    expect(JSON.stringify(msg.blocks)).toContain('Invoice &lt;!channel&gt; triage');
    expect(msg.text).toContain('gate review of Invoice &lt;!channel&gt; triage,');
  });
});

describe('rolePickerModal', () => {
  it('has one row per role with a button whose value is the role, answered roles marked', () => {
    const view = rolePickerModal({
      pilot: pilotFixture({ name: 'x'.repeat(80) }),
      reviewId: REVIEW,
      roles: [...ROLE_IDS],
      answeredRoles: ['operational_lead'],
      notice: 'Slack refused the update',
    });
    expect(violations(checkView(view))).toEqual([]);
    const rows = view.blocks.filter(
      (b): b is SectionBlock => b.type === 'section' && 'accessory' in b && !!b.accessory,
    );
    expect(rows.map((r) => (r.accessory as { value: string }).value)).toEqual([...ROLE_IDS]);
    expect(rows.map((r) => (r.accessory as { action_id: string }).action_id)).toEqual(
      Array(5).fill('review.answer.pick_role'),
    );
    expect(JSON.stringify(rows[1])).toContain('✅ Answered');
    expect(JSON.stringify(view.blocks[0])).toContain('Slack refused the update');
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ reviewId: REVIEW });
  });
});

describe('questionnairePageModal', () => {
  it.each(ROLE_IDS)('every page of the %s questionnaire, prefilled and every question flagged, fits Slack', (role) => {
    const q = manifest.questionnaires[role];
    for (const page of questionnairePages(q)) {
      const view = questionnairePageModal({
        questionnaire: q,
        pilotName: 'p'.repeat(80),
        reviewId: REVIEW,
        role,
        round: 3,
        page: page.index,
        prefill: goodAnswers(q),
        viaPicker: true,
        missing: q.questions.map((x) => x.id),
      });
      expect(violations(checkView(view))).toEqual([]);
      expect(view.callback_id).toBe('review.questionnaire.submit');
      expect(JSON.parse(view.private_metadata ?? '')).toEqual({
        reviewId: REVIEW,
        role,
        page: page.index,
        round: 3,
        viaPicker: true,
      });
    }
  });
});

describe('noticeModal and disagreementThread', () => {
  it('noticeModal is a valid read-only modal', () => {
    const view = noticeModal('Form out of date', 'Close it & reopen <it>');
    expect(violations(checkView(view))).toEqual([]);
    expect(view.submit).toBeUndefined();
  });

  it('the thread tags both assessors with what each said', () => {
    const msg = disagreementThread({
      pilot: pilotFixture(),
      signal: 'kpi_validation',
      sides: [
        { role: 'executive_sponsor', userId: 'U0SPONSOR', value: 'confirmed' },
        { role: 'operational_lead', userId: 'U0OPS', value: 'failed' },
      ],
    });
    expect(violations(checkMessage(msg))).toEqual([]);
    expect(msg.text).toContain('<@U0SPONSOR> (Sponsor) confirmed, <@U0OPS> (Ops) failed. Reconcile in this thread.');
    expect(JSON.stringify(msg.blocks)).toContain('assessed it *Failed*');
    expect(msg.text).toContain('for Invoice &lt;!channel&gt; triage:');
  });

  it('a notice escapes its words in the fallback as in its section', () => {
    const msg = notice('Your answers for <!here> & co are saved.');
    expect(msg.text).toBe('Your answers for &lt;!here&gt; &amp; co are saved.');
    expect(JSON.stringify(msg.blocks)).toContain(msg.text);
  });
});
