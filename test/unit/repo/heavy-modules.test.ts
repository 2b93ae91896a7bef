import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '../../../src');
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));

/** The modules that pull in the chart and PDF libraries (vega, resvg, pdfkit: about 44 MB resident). */
const HEAVY = ['portfolio-chart.render.js', 'decision-record.pdf.js'];
const LIBRARIES = ["'vega'", "'vega-lite'", "'@resvg/resvg-js'", "'pdfkit'"];

describe('chart and PDF libraries load only when something is drawn', () => {
  it('no module imports the chart or PDF renderer statically, except their lazy wrappers by type', () => {
    const statics = files.flatMap((f) => {
      const text = readFileSync(path.join(SRC, f), 'utf8');
      return [...text.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)]
        .map((m) => m[1]!)
        .filter((spec) => HEAVY.some((h) => spec.endsWith(h)))
        .map((spec) => `${f}: ${spec}`);
    });
    expect(statics).toEqual([]);
  });

  it('only the renderers themselves import the libraries', () => {
    const importers = files.filter((f) => {
      const text = readFileSync(path.join(SRC, f), 'utf8');
      return LIBRARIES.some((lib) => new RegExp(`^import (?!type )[^;]*? from ${lib};`, 'ms').test(text));
    });
    expect(importers.sort()).toEqual([
      'features/decisions/decision-record.pdf.ts',
      'features/digests/portfolio-chart.render.ts',
    ]);
  });
});
