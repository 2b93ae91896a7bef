import { describe, expect, it } from 'vitest';
import { growthOf, growthRows } from '../../../scripts/bench/report.js';

describe('growth of a scale benchmark', () => {
  it('gives the time per item at each size and log(t2/t1)/log(n2/n1) between consecutive sizes', () => {
    const g = growthOf([
      { items: 30, itemName: 'pilots', ms: 90 },
      { items: 10, itemName: 'pilots', ms: 30 },
      { items: 100, itemName: 'pilots', ms: 3000 },
    ]);
    expect(g.points.map((p) => [p.items, p.msPerItem])).toEqual([
      [10, 3],
      [30, 3],
      [100, 30],
    ]);
    // Linear from 10 to 30; from 30 to 100 the time grows 33.3× for 3.33× the items: quadratic.
    expect(g.exponents).toEqual([
      { from: 10, to: 30, exponent: 1 },
      { from: 30, to: 100, exponent: 2.91 },
    ]);
  });

  it('marks a size over the per-item target as a miss, and the exponents for the record', () => {
    const points = [
      { items: 1000, itemName: 'pilots', ms: 400, maxMsPerItem: 0.5 },
      { items: 3000, itemName: 'pilots', ms: 1800, maxMsPerItem: 0.5 },
    ];
    const rows = growthRows('digest', points, growthOf(points));
    expect(rows.map((r) => [r.figure, r.value, r.pass])).toEqual([
      ['time per pilot at 1000 pilots', 0.4, true],
      ['time per pilot at 3000 pilots', 0.6, false],
      ['growth exponent 1000 → 3000 pilots', 1.37, true],
    ]);
  });
});
