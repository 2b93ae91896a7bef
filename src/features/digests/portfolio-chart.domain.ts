/**
 * The portfolio chart of the weekly digest and `/gate list`: pilots per stage as a funnel, and each undecided
 * pilot's days in its current stage against the at-risk and purgatory thresholds. Pure: a Vega-Lite spec
 * and its text summary from the pilots; portfolio-chart.render.ts draws it.
 */
import type { TopLevelSpec } from 'vega-lite';
import { PILOT_STAGES, type PilotStage, STAGE_LABELS } from '../../core/catalog.domain.js';
import { plural, TERMS } from '../../core/glossary.domain.js';
import { DAY_MS } from '../../shared/time.js';
import { UNDECIDED_STAGES } from '../purgatory/purgatory.domain.js';

/** What the chart reads of a pilot. */
export interface ChartPilot {
  name: string;
  stage: PilotStage;
  /** When the pilot entered its current stage (its registration for pilots that never moved). */
  stageSince: Date | null;
  flags: readonly { kind: string }[];
}

export interface ChartThresholds {
  atRiskAfterMs: number;
  purgatoryAfterMs: number;
}

/** The funnel: stages in lifecycle order (paused and terminated are exits, not steps of the funnel). */
export const FUNNEL_STAGES: readonly PilotStage[] = PILOT_STAGES.filter((s) => s !== 'paused' && s !== 'terminated');
/** Bars of the days chart: the longest-waiting pilots only, so a big workspace's chart stays legible. */
export const CHART_MAX_PILOTS = 15;
/** The PNG's width in pixels (Slack shows images up to about 720 px wide in a message). */
export const CHART_WIDTH_PX = 1_440;
/** Chart drawing width in SVG units: drawn at 2× for sharp text on high-density screens. */
export const CHART_PANEL_WIDTH = 520;
/** The font embedded in the repository (assets/fonts): the same picture on every machine. */
export const CHART_FONT = 'DejaVu Sans';
// Vega measures text without a canvas at ~0.8 em per character: 40 characters of 12 px fit 420 px.
const LABEL_MAX = 40;

export type ChartStatus = 'in purgatory' | 'at risk' | 'on track';
const STATUS_COLOURS: Record<ChartStatus, string> = {
  'in purgatory': '#c0392b',
  'at risk': '#e6a700',
  'on track': '#2e86c1',
};

export interface ChartBar {
  label: string;
  stage: string;
  days: number;
  status: ChartStatus;
  /** Text at the bar's end, so the status never rests on colour alone. */
  note: string;
}

export interface PortfolioChart {
  spec: TopLevelSpec;
  funnel: { stage: string; pilots: number }[];
  bars: ChartBar[];
  /** Undecided pilots left off the days chart (it shows the CHART_MAX_PILOTS longest). */
  hidden: number;
  /** The accessible summary: the chart in words (the image's alt text). */
  summary: string;
}

const days = (ms: number) => Math.round((ms / DAY_MS) * 10) / 10;
const clipLabel = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1).trimEnd()}…` : s);

function statusOf(p: ChartPilot): ChartStatus {
  if (p.flags.some((f) => f.kind === 'purgatory')) return 'in purgatory';
  if (p.flags.some((f) => f.kind === 'at_risk')) return 'at risk';
  return 'on track';
}

/** Two pilots with the same clipped name still get a bar each (Vega-Lite merges equal labels). */
function uniqueLabels(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const base = clipLabel(name);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** The chart of these pilots at `now`, with the workspace's thresholds. */
export function portfolioChart(pilots: readonly ChartPilot[], t: ChartThresholds, now: Date): PortfolioChart {
  const funnel = FUNNEL_STAGES.map((stage) => ({
    stage: STAGE_LABELS[stage],
    pilots: pilots.filter((p) => p.stage === stage).length,
  }));
  const waiting = pilots
    .filter((p) => UNDECIDED_STAGES.includes(p.stage))
    .map((p) => ({ p, ms: p.stageSince ? Math.max(0, now.getTime() - p.stageSince.getTime()) : 0 }))
    .sort((a, b) => b.ms - a.ms || a.p.name.localeCompare(b.p.name));
  const shown = waiting.slice(0, CHART_MAX_PILOTS);
  const labels = uniqueLabels(shown.map((w) => w.p.name));
  const bars = shown.map(({ p, ms }, i): ChartBar => {
    const status = statusOf(p);
    return {
      label: labels[i] as string,
      stage: STAGE_LABELS[p.stage],
      days: days(ms),
      status,
      note: `${days(ms)} d${status === 'on track' ? '' : ` · ${status}`}`,
    };
  });
  const atRisk = days(t.atRiskAfterMs);
  const purgatory = days(t.purgatoryAfterMs);
  const hidden = waiting.length - shown.length;
  return {
    spec: chartSpec(funnel, bars, { atRisk, purgatory }, hidden),
    funnel,
    bars,
    hidden,
    summary: chartSummary(funnel, bars, { atRisk, purgatory }),
  };
}

function chartSpec(
  funnel: PortfolioChart['funnel'],
  bars: ChartBar[],
  t: { atRisk: number; purgatory: number },
  hidden: number,
): TopLevelSpec {
  const statuses = Object.keys(STATUS_COLOURS) as ChartStatus[];
  const rules = [
    { days: t.atRisk, rule: `${TERMS.atRisk} after ${t.atRisk} d` },
    { days: t.purgatory, rule: `purgatory after ${t.purgatory} d` },
  ];
  const domainMax = Math.max(t.purgatory * 1.15, ...bars.map((b) => b.days * 1.25), 1);
  const daysTitle =
    bars.length === 0
      ? 'Days in current stage: no pilot waiting on a decision'
      : `Days in current stage${hidden > 0 ? ` (the ${bars.length} longest; ${hidden} more not shown)` : ''}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 16,
    config: {
      font: CHART_FONT,
      view: { stroke: null },
      axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 420 },
      title: { fontSize: 15, anchor: 'start' },
    },
    vconcat: [
      {
        title: 'Pilots per stage',
        width: CHART_PANEL_WIDTH,
        height: { step: 24 },
        data: { values: funnel },
        encoding: {
          y: { field: 'stage', type: 'nominal', sort: null, title: null, axis: { labelLimit: 420 } },
          x: { field: 'pilots', type: 'quantitative', title: null, axis: null },
        },
        layer: [
          { mark: { type: 'bar', color: '#5d6d7e' } },
          { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'pilots' } } },
        ],
      },
      {
        title: daysTitle,
        width: CHART_PANEL_WIDTH,
        height: { step: 22 },
        layer: [
          {
            data: { values: bars.length > 0 ? bars : [{ label: '—', days: 0, status: 'on track', note: '' }] },
            encoding: {
              y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 420 } },
              x: {
                field: 'days',
                type: 'quantitative',
                title: 'days',
                scale: { domain: [0, domainMax], nice: false },
              },
            },
            layer: [
              {
                mark: 'bar',
                encoding: {
                  color: {
                    field: 'status',
                    type: 'nominal',
                    scale: { domain: statuses, range: statuses.map((s) => STATUS_COLOURS[s]) },
                    legend: { orient: 'bottom', title: null },
                  },
                },
              },
              { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'note' } } },
            ],
          },
          {
            data: { values: rules },
            layer: [
              {
                mark: { type: 'rule', strokeDash: [4, 3], color: '#333' },
                encoding: { x: { field: 'days', type: 'quantitative' } },
              },
              {
                mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, fontSize: 10, y: 0 },
                encoding: { x: { field: 'days', type: 'quantitative' }, text: { field: 'rule' } },
              },
            ],
          },
        ],
      },
    ],
  };
}

/** The chart in words: the funnel's counts, the thresholds and the longest waits (alt text of the image). */
function chartSummary(
  funnel: PortfolioChart['funnel'],
  bars: ChartBar[],
  t: { atRisk: number; purgatory: number },
): string {
  const stages = funnel.map((f) => `${f.stage} ${f.pilots}`).join(', ');
  const longest = bars
    .slice(0, 5)
    .map((b) => `${b.label} ${b.note}`)
    .join('; ');
  const waits = bars.length === 0 ? 'No pilot waiting on a decision.' : `Longest in stage: ${longest}.`;
  return `Portfolio chart. Pilots per stage: ${stages}. ${waits} ${capitalised(TERMS.atRisk)} after ${plural(t.atRisk, 'day')}, ${TERMS.purgatory} after ${plural(t.purgatory, 'day')}.`;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
