import { describe, expect, it } from 'vitest';
import {
  CHART_MAX_PILOTS,
  CHART_WIDTH_PX,
  type ChartPilot,
  portfolioChart,
} from '../../../../src/features/digests/portfolio-chart.domain.js';
import { renderChart } from '../../../../src/features/digests/portfolio-chart.render.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-30T09:00:00Z');
const T = { atRiskAfterMs: 30 * DAY, purgatoryAfterMs: 60 * DAY };
const ago = (d: number) => new Date(NOW.getTime() - d * DAY);

const pilots: ChartPilot[] = [
  { name: 'Invoice triage assistant', stage: 'in_review', stageSince: ago(12), flags: [] },
  { name: 'Claims summariser', stage: 'pre_production', stageSince: ago(41), flags: [{ kind: 'at_risk' }] },
  { name: 'Churn <predictor> & co', stage: 'in_review', stageSince: ago(75), flags: [{ kind: 'purgatory' }] },
  { name: 'Demand forecast', stage: 'production', stageSince: ago(100), flags: [] },
  { name: 'Retired chatbot', stage: 'terminated', stageSince: ago(5), flags: [] },
  { name: 'New intake bot', stage: 'registered', stageSince: null, flags: [] },
];

/** Width and height from a PNG's IHDR chunk (right after the 8-byte signature and the chunk's length + type). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('portfolio chart spec', () => {
  it('counts pilots per funnel stage and bars each undecided pilot by days in its stage, longest first', () => {
    const chart = portfolioChart(pilots, T, NOW);
    expect(chart.funnel).toEqual([
      { stage: 'Registered', pilots: 1 },
      { stage: 'In review', pilots: 2 },
      { stage: 'Pre-production (gap closure)', pilots: 1 },
      { stage: 'Production', pilots: 1 },
      { stage: 'Production, 90-day review done', pilots: 0 },
    ]);
    expect(chart.bars).toEqual([
      {
        label: 'Churn <predictor> & co',
        stage: 'In review',
        days: 75,
        status: 'in purgatory',
        note: '75 d · in purgatory',
      },
      {
        label: 'Claims summariser',
        stage: 'Pre-production (gap closure)',
        days: 41,
        status: 'at risk',
        note: '41 d · at risk',
      },
      { label: 'Invoice triage assistant', stage: 'In review', days: 12, status: 'on track', note: '12 d' },
      { label: 'New intake bot', stage: 'Registered', days: 0, status: 'on track', note: '0 d' },
    ]);
    expect(chart.hidden).toBe(0);
    expect(chart.summary).toBe(
      'Portfolio chart. Pilots per stage: Registered 1, In review 2, Pre-production (gap closure) 1, Production 1, ' +
        'Production, 90-day review done 0. Longest in stage: Churn <predictor> & co 75 d · in purgatory; ' +
        'Claims summariser 41 d · at risk; Invoice triage assistant 12 d; New intake bot 0 d. ' +
        'At risk after 30 days, pilot purgatory after 60 days.',
    );
    // The thresholds are the two rule lines of the days chart.
    expect(JSON.stringify(chart.spec)).toContain('"rule":"at risk after 30 d"');
    expect(JSON.stringify(chart.spec)).toContain('"rule":"purgatory after 60 d"');
  });

  it('shows only the longest waits of a big workspace and says how many are left off', () => {
    const many = Array.from(
      { length: 40 },
      (_, i): ChartPilot => ({
        name: `Pilot ${String(i).padStart(2, '0')}`,
        stage: 'in_review',
        stageSince: ago(i),
        flags: [],
      }),
    );
    const chart = portfolioChart(many, T, NOW);
    expect(chart.bars).toHaveLength(CHART_MAX_PILOTS);
    expect(chart.bars[0]?.label).toBe('Pilot 39');
    expect(chart.hidden).toBe(40 - CHART_MAX_PILOTS);
    expect(JSON.stringify(chart.spec)).toContain(`the ${CHART_MAX_PILOTS} longest; 25 more not shown`);
  });

  it('keeps two pilots whose clipped names collide as two bars', () => {
    const long = 'A very long pilot name that goes past the label limit';
    const chart = portfolioChart(
      [
        { name: `${long} one`, stage: 'in_review', stageSince: ago(2), flags: [] },
        { name: `${long} two`, stage: 'in_review', stageSince: ago(1), flags: [] },
      ],
      T,
      NOW,
    );
    const labels = chart.bars.map((b) => b.label);
    expect(new Set(labels).size).toBe(2);
    expect(labels.every((l) => l.length <= 45)).toBe(true);
  });
});

describe('portfolio chart rendering', () => {
  it('renders a PNG of the fixed width whose SVG holds every pilot label and both thresholds', async () => {
    const chart = portfolioChart(pilots, T, NOW);
    const out = await renderChart(chart.spec);
    const size = pngSize(out.png);
    expect(size).toEqual({ width: CHART_WIDTH_PX, height: out.height });
    expect(out.width).toBe(CHART_WIDTH_PX);
    // The SVG's own aspect ratio, scaled to the PNG's width.
    const [, w, h] = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(out.svg) ?? [];
    expect(size.height).toBe(Math.round((Number(h) * CHART_WIDTH_PX) / Number(w)));
    expect(size.height).toBeGreaterThan(400);
    for (const bar of chart.bars) expect(out.svg).toContain(`>${escapeXml(bar.label)}<`);
    for (const stage of chart.funnel) expect(out.svg).toContain(`>${escapeXml(stage.stage)}<`);
    expect(out.svg).toContain('at risk after 30 d');
    expect(out.svg).toContain('purgatory after 60 d');
    // Drawn with the embedded font: the text becomes glyph paths, so the picture is not blank text-wise.
    expect(out.png.length).toBeGreaterThan(10_000);
  });

  it('renders an empty workspace without failing', async () => {
    const out = await renderChart(portfolioChart([], T, NOW).spec);
    expect(pngSize(out.png).width).toBe(CHART_WIDTH_PX);
    expect(out.svg).toContain('no pilot waiting on a decision');
  });
});

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
