import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../../../src/core/catalog.domain.js';
import {
  MAX_INPUTS_PER_PAGE,
  questionnairePages,
} from '../../../../src/features/questionnaires/questionnaire-pages.domain.js';
import { defaultManifest } from '../../core/manifest.fixture.js';

const manifest = defaultManifest();

describe('questionnairePages', () => {
  it.each([
    ['executive_sponsor', [6, 5]],
    ['operational_lead', [7, 7]],
    ['technology_lead', [8]],
    ['governance_lead', [8]],
    ['change_lead', [7]],
  ] as const)('%s has pages of %j questions', (role, sizes) => {
    const q = manifest.questionnaires[role];
    const pages = questionnairePages(q);
    expect(pages.map((p) => p.questionIds.length)).toEqual(sizes);
    const ids = pages.flatMap((p) => p.questionIds);
    expect([...ids].sort()).toEqual(q.questions.map((x) => x.id).sort());
    // Business-case questions come together, after all the others.
    const isBusinessCase = ids.map((id) => Boolean(q.questions.find((x) => x.id === id)?.businessCase));
    expect(isBusinessCase).toEqual([...isBusinessCase].sort((a, b) => Number(a) - Number(b)));
  });

  it('never puts more than MAX_INPUTS_PER_PAGE questions on a page', () => {
    for (const role of ROLE_IDS) {
      for (const p of questionnairePages(manifest.questionnaires[role])) {
        expect(p.questionIds.length).toBeLessThanOrEqual(MAX_INPUTS_PER_PAGE);
      }
    }
  });
});
