/**
 * Posting a drawn portfolio chart, the same way wherever it goes: under the weekly digest and into the DM
 * of whoever ran `/gate list`. The chart's summary is the image's alt text.
 */
import type { FileUploads } from '../../slack/file-uploads.js';
import type { PortfolioChart } from './portfolio-chart.domain.js';
import type { RenderedChart } from './portfolio-chart.render.js';

export const PORTFOLIO_CHART_FILENAME = 'pilotgate-portfolio.png';
const TITLE = 'Portfolio: pilots per stage and days in stage';

/** Uploads `image` (the drawing of `chart`) into `channel`; throws when Slack refuses it. */
export async function uploadPortfolioChart(
  files: FileUploads,
  target: { teamId: string; channel: string; comment?: string },
  chart: PortfolioChart,
  image: RenderedChart,
): Promise<void> {
  await files.uploadImage(target.teamId, target.channel, {
    png: image.png,
    filename: PORTFOLIO_CHART_FILENAME,
    title: TITLE,
    altText: chart.summary,
    ...(target.comment ? { comment: target.comment } : {}),
  });
}
