import { describe, expect, it } from 'vitest';
import { compareControls, controlIdProblem, controlTitle, type Framework } from '../../../src/core/controls.domain.js';

describe('framework control ids', () => {
  it.each([
    ['eu_ai_act', 'Art. 10'],
    ['eu_ai_act', 'Art. 26(5)'],
    ['eu_ai_act', 'Art. 9(2)(a)'],
    ['nist_ai_rmf', 'GOVERN 1'],
    ['nist_ai_rmf', 'MEASURE 2.3'],
    ['iso_42001', 'A.7.4'],
    ['iso_42001', 'A.6.2.6'],
    ['iso_42001', 'A.10.3'],
  ] as [Framework, string][])('accepts %s %s', (framework, id) => {
    expect(controlIdProblem(framework, id)).toBeNull();
  });

  it.each([
    ['eu_ai_act', 'Article 9'],
    ['eu_ai_act', 'Art. 0'],
    ['eu_ai_act', 'Art. 114'],
    ['nist_ai_rmf', 'Govern 1'],
    ['nist_ai_rmf', 'MEASURE'],
    ['iso_42001', 'A.1.2'],
    ['iso_42001', 'A.7'],
    ['iso_42001', '7.4'],
  ] as [Framework, string][])('refuses %s %s', (framework, id) => {
    expect(controlIdProblem(framework, id)).toMatch(/not a|articles/);
  });

  it('titles a paragraph or subcategory by its article or category', () => {
    expect(controlTitle('eu_ai_act', 'Art. 26(5)')).toBe('Obligations of deployers of high-risk AI systems');
    expect(controlTitle('nist_ai_rmf', 'MEASURE 2.3')).toBe('AI systems are evaluated for trustworthy characteristics');
    expect(controlTitle('iso_42001', 'A.7.4')).toBe('Quality of data for AI systems');
    expect(controlTitle('iso_42001', 'A.10.3')).toBeUndefined();
  });

  it('sorts by framework, then by number, NIST in its function order', () => {
    const ids: { framework: Framework; id: string }[] = [
      { framework: 'iso_42001', id: 'A.7.4' },
      { framework: 'nist_ai_rmf', id: 'MANAGE 1' },
      { framework: 'eu_ai_act', id: 'Art. 10' },
      { framework: 'nist_ai_rmf', id: 'MAP 1' },
      { framework: 'iso_42001', id: 'A.6.2.6' },
      { framework: 'eu_ai_act', id: 'Art. 9' },
      { framework: 'nist_ai_rmf', id: 'GOVERN 1' },
    ];
    expect([...ids].sort(compareControls).map((c) => c.id)).toEqual([
      'Art. 9',
      'Art. 10',
      'GOVERN 1',
      'MAP 1',
      'MANAGE 1',
      'A.6.2.6',
      'A.7.4',
    ]);
  });
});
