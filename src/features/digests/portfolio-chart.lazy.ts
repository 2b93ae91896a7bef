/**
 * renderChart, loading vega, vega-lite and resvg (about 28 MB resident) only when a chart is drawn: a
 * process that never draws one (most jobs, most requests) does not carry them.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RenderedChart } from './portfolio-chart.render.js';

export type { RenderedChart } from './portfolio-chart.render.js';

export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const { renderChart: render } = await import('./portfolio-chart.render.js');
  return render(spec);
}
