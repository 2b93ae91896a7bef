import type { InputBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../../../src/core/catalog.domain.js';
import type { Questionnaire } from '../../../../src/core/manifest.schema.js';
import { parseQuestionnaireState } from '../../../../src/features/questionnaires/questionnaire.state.js';
import { questionnaireModal } from '../../../../src/features/questionnaires/questionnaire.views.js';
import { questionnairePages } from '../../../../src/features/questionnaires/questionnaire-pages.domain.js';
import { checkView, formatViolation } from '../../../support/block-kit-checker.js';
import { defaultManifest } from '../../core/manifest.fixture.js';

const manifest = defaultManifest();
/** The question inputs (the evidence inputs under each assessment repeat on purpose: Link, Files). */
const inputs = (view: ModalView): InputBlock[] =>
  view.blocks.filter((b): b is InputBlock => b.type === 'input' && (b.block_id ?? '').startsWith('q:'));
const page = (questionnaire: Questionnaire, index: number): ModalView =>
  questionnaireModal({ questionnaire, page: index, pilotName: 'Invoice triage', metadata: '{}', callbackId: 'cb' });

/** Runs of four words, so "data representative of production" asked twice shows up however it is phrased around. */
const shingles = (text: string): Set<string> => {
  const words =
    text
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[a-z0-9]+/g) ?? [];
  return new Set(words.slice(0, -3).map((_, i) => words.slice(i, i + 4).join(' ')));
};

describe('no question asked twice on one page', () => {
  for (const role of ROLE_IDS) {
    it(`${role}: unique question texts, block ids, and no two questions sharing a four-word phrase`, () => {
      const q = manifest.questionnaires[role];
      for (const p of questionnairePages(q)) {
        const labels = inputs(page(q, p.index)).map((b) => b.label.text);
        const ids = inputs(page(q, p.index)).map((b) => b.block_id);
        expect(new Set(labels).size).toBe(labels.length);
        expect(new Set(ids).size).toBe(ids.length);
        const repeats = labels.flatMap((a, i) =>
          labels
            .slice(i + 1)
            .flatMap((b) => [...shingles(a)].filter((s) => shingles(b).has(s)).map((s) => `${s}: ${a} / ${b}`)),
        );
        expect(repeats).toEqual([]);
      }
    });
  }
});

describe('two-option choices', () => {
  const base = manifest.questionnaires.change_lead;
  const twoOptions: Questionnaire = {
    ...base,
    questions: [
      {
        id: 'rollout',
        kind: 'select',
        label: 'How will the rollout go?',
        required: true,
        caps: [],
        options: [
          { value: 'big_bang', label: 'All at once' },
          { value: 'phased', label: 'Phased by team' },
        ],
      },
    ],
  };

  it('are radio buttons, and parse back to the option value', () => {
    const view = page(twoOptions, 0);
    expect(checkView(view).map(formatViolation)).toEqual([]);
    const block = inputs(view)[0]!;
    expect(block.element.type).toBe('radio_buttons');
    const state = { 'q:rollout': { v: { type: 'radio_buttons', selected_option: { value: 'phased' } } } };
    expect(parseQuestionnaireState(twoOptions, ['rollout'], state).answers).toEqual({ rollout: 'phased' });
  });

  it('keep the prefilled option selected', () => {
    const view = questionnaireModal({
      questionnaire: twoOptions,
      page: 0,
      pilotName: 'P',
      prefill: { rollout: 'big_bang' },
      metadata: '{}',
      callbackId: 'cb',
    });
    expect(inputs(view)[0]!.element).toMatchObject({ initial_option: { value: 'big_bang' } });
  });
});
