/**
 * Draws a portfolio chart spec: Vega-Lite → Vega → SVG (headless, no canvas), then SVG → PNG with resvg and
 * the font kept in the repository (assets/fonts), never the machine's fonts.
 */
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONT, CHART_WIDTH_PX } from './portfolio-chart.domain.js';

/** src/features/digests and dist/features/digests are both three levels below the repository root. */
const FONT_FILE = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url));

export interface RenderedChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const svg = await renderChartSvg(spec);
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: CHART_WIDTH_PX },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: CHART_FONT },
  }).render();
  return { svg, png: image.asPng(), width: image.width, height: image.height };
}
