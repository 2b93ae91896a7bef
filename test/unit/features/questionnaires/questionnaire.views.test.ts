import type { HeaderBlock, InputBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../../../src/core/answers.domain.js';
import { ROLE_IDS, type RoleId } from '../../../../src/core/catalog.domain.js';
import { parseQuestionnaireState } from '../../../../src/features/questionnaires/questionnaire.state.js';
import {
  BUSINESS_CASE_HEADER,
  questionnaireModal,
} from '../../../../src/features/questionnaires/questionnaire.views.js';
import { questionnairePages } from '../../../../src/features/questionnaires/questionnaire-pages.domain.js';
import { checkView, formatViolation } from '../../../support/block-kit-checker.js';
import { defaultManifest, goodAnswers } from '../../core/manifest.fixture.js';

const manifest = defaultManifest();

const modal = (role: RoleId, page: number, prefill: Answers = {}, pilotName = 'Invoice triage'): ModalView =>
  questionnaireModal({
    questionnaire: manifest.questionnaires[role],
    page,
    pilotName,
    prefill,
    metadata: JSON.stringify({ reviewId: 'r'.repeat(24), role, page }),
    callbackId: 'review.questionnaire.submit',
  });

/** The question inputs (`q:…`); the evidence inputs (`ev:…`) are checked on their own below. */
const inputs = (view: ModalView): InputBlock[] =>
  view.blocks.filter((b): b is InputBlock => b.type === 'input' && (b.block_id ?? '').startsWith('q:'));

/** Answers of the wrong type or out of range: the modal must still be valid (and drop them). */
const junk: Answers = Object.fromEntries(
  ROLE_IDS.flatMap((r) => manifest.questionnaires[r].questions.map((q) => [q.id, q.kind === 'number' ? 1e9 : 'x'])),
);

/** The view.state.values Slack would send back if the user submitted the modal untouched. */
function untouchedState(view: ModalView): Record<string, Record<string, Record<string, unknown>>> {
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const block of inputs(view)) {
    const e = block.element as unknown as Record<string, unknown>;
    const state: Record<string, unknown> = { type: e.type };
    if (e.type === 'plain_text_input' || e.type === 'number_input') state.value = e.initial_value ?? null;
    if (e.type === 'radio_buttons' || e.type === 'static_select') state.selected_option = e.initial_option ?? null;
    if (e.type === 'checkboxes') state.selected_options = e.initial_options ?? [];
    if (e.type === 'datepicker') state.selected_date = e.initial_date ?? null;
    if (e.type === 'users_select') state.selected_user = e.initial_user ?? null;
    if (e.type === 'multi_users_select') state.selected_users = e.initial_users ?? [];
    values[block.block_id!] = { [e.action_id as string]: state };
  }
  return values;
}

describe('questionnaireModal stays within Slack limits', () => {
  for (const role of ROLE_IDS) {
    for (const [name, prefill] of [
      ['empty', {}],
      ['prefilled', goodAnswers(manifest.questionnaires[role])],
      ['junk prefill', junk],
    ] as const) {
      it(`${role}, every page, ${name}`, () => {
        const pages = questionnairePages(manifest.questionnaires[role]);
        for (const page of pages) {
          const view = modal(role, page.index, prefill, `<!channel> & ${'long name '.repeat(40)}`);
          expect(checkView(view).map(formatViolation)).toEqual([]);
          expect(view.blocks.length).toBeLessThanOrEqual(100);
          const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
          expect(new Set(ids).size).toBe(ids.length);
          expect(inputs(view).map((b) => b.block_id)).toEqual(page.questionIds.map((id) => `q:${id}`));
          expect(inputs(view).every((b) => (b.element as { action_id?: string }).action_id === 'v')).toBe(true);
        }
      });
    }
  }
});

describe('questionnaireModal content', () => {
  it('says Next until the last page, then Submit answers', () => {
    expect(modal('operational_lead', 0).submit?.text).toBe('Next');
    expect(modal('operational_lead', 1).submit?.text).toBe('Submit answers');
    expect(modal('change_lead', 0).submit?.text).toBe('Submit answers');
    const forced = questionnaireModal({
      questionnaire: manifest.questionnaires.change_lead,
      page: 0,
      pilotName: 'P',
      metadata: '',
      callbackId: 'cb',
      isLastPage: false,
    });
    expect(forced.submit?.text).toBe('Next');
  });

  it('renders each kind with its element', () => {
    const types = ROLE_IDS.flatMap((role) =>
      questionnairePages(manifest.questionnaires[role]).flatMap((p) =>
        inputs(modal(role, p.index)).map((b) => {
          const q = manifest.questionnaires[role].questions.find((x) => `q:${x.id}` === b.block_id)!;
          return `${q.kind}→${b.element.type}`;
        }),
      ),
    );
    expect(new Set(types)).toEqual(
      new Set([
        'assessment→radio_buttons',
        'yes_no→radio_buttons',
        'date→datepicker',
        'user→users_select',
        'users→multi_users_select',
        'checklist→checkboxes',
        'select→static_select',
        'number→number_input',
        'text→plain_text_input',
      ]),
    );
  });

  it('shows assessment options as written in the manifest', () => {
    const block = inputs(modal('governance_lead', 0))[0]!;
    expect(block.element).toMatchObject({
      type: 'radio_buttons',
      options: [
        { text: { text: 'Confirmed — protocols designed, tested and approved' }, value: 'confirmed' },
        { text: { text: 'Conditional — gaps closable within a defined time' }, value: 'conditional' },
        { text: { text: 'Failed — structural gaps; not safe for production' }, value: 'failed' },
      ],
    });
  });

  it('groups business-case questions under one header', () => {
    const view = modal('operational_lead', 1);
    const headers = view.blocks.filter((b) => b.type === 'header').map((b) => (b as HeaderBlock).text.text);
    expect(headers).toContain(BUSINESS_CASE_HEADER);
    const at = view.blocks.findIndex(
      (b) => b.type === 'header' && (b as HeaderBlock).text.text === BUSINESS_CASE_HEADER,
    );
    expect(view.blocks[at + 1]).toMatchObject({ type: 'input', block_id: 'q:bc_value_at_scale' });
  });

  it('prefills every kind, and an untouched submission parses back to the same answers', () => {
    for (const role of ROLE_IDS) {
      const q = manifest.questionnaires[role];
      const prefill = goodAnswers(q);
      for (const page of questionnairePages(q)) {
        const view = modal(role, page.index, prefill);
        const parsed = parseQuestionnaireState(q, page.questionIds, untouchedState(view));
        expect(parsed.errors).toEqual({});
        expect(parsed.answers).toEqual(Object.fromEntries(page.questionIds.map((id) => [id, prefill[id]])));
      }
    }
  });

  it('marks optional questions optional and checklists always optional', () => {
    const blocks = inputs(modal('governance_lead', 0));
    const byId = (id: string) => blocks.find((b) => b.block_id === `q:${id}`)!;
    expect(byId('governance_assessment').optional).toBe(false);
    expect(byId('governance_checklist').optional).toBe(true);
    expect(byId('escalation_owner').optional).toBe(true);
  });

  it('escapes the pilot name and refuses oversized metadata or a missing page', () => {
    const view = modal('change_lead', 0, {}, '<!channel> & co');
    expect(JSON.stringify(view.blocks)).toContain('&lt;!channel&gt; &amp; co');
    const base = { questionnaire: manifest.questionnaires.change_lead, pilotName: 'P', callbackId: 'cb' };
    expect(() => questionnaireModal({ ...base, page: 0, metadata: 'x'.repeat(3001) })).toThrow(/private_metadata/);
    expect(() => questionnaireModal({ ...base, page: 3, metadata: '' })).toThrow(/page 3/);
  });
});
