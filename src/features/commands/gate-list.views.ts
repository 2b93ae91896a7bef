import type { KnownBlock } from '@slack/types';
import { STAGE_LABELS } from '../../core/catalog.domain.js';
import { plural, TERMS } from '../../core/glossary.domain.js';
import { clip, context, escapeMrkdwn, header, section } from '../../slack/blocks.js';
import { fallback, fallbackPart, joinParts } from '../../slack/fallback-text.js';
import type { StoredSignalStatus } from '../reviews/review.types.js';
import { SIGNAL_GRID_LEGEND, signalGrid } from '../reviews/review-card.views.js';

export interface ListedPilot {
  name: string;
  channelId: string;
  stage: keyof typeof STAGE_LABELS;
  flags: { kind: string }[];
  statuses: StoredSignalStatus[];
  /** When the pilot entered its current stage (unset until its first move: then `createdAt`), for the chart. */
  stageSince?: Date;
  createdAt?: Date;
}

/** Pilots per page: 4 sections of 10 lines keeps a page far below Slack's ~11k characters of block text. */
export const LIST_PAGE_SIZE = 40;
const LINES_PER_SECTION = 10;

const FLAG_WORDS: Record<string, string> = {
  at_risk: 'at risk',
  purgatory: 'in purgatory',
  stale: 'stale',
  overrunning: 'overrunning',
  overdue: 'plan overdue',
};

function line(p: ListedPilot): string {
  const grid = signalGrid(p.statuses);
  const flags = p.flags.map((f) => FLAG_WORDS[f.kind] ?? f.kind);
  return (
    `${grid}  *${escapeMrkdwn(clip(p.name, 60))}* · ${STAGE_LABELS[p.stage]} · <#${p.channelId}>` +
    (flags.length > 0 ? ` · 🚩 ${flags.join(', ')}` : '')
  );
}

/** `/gate list`: every pilot of the workspace, a page at a time, with stage and signal grid. */
export function pilotListMessage(all: ListedPilot[], page: number): { text: string; blocks: KnownBlock[] } {
  const pages = Math.max(1, Math.ceil(all.length / LIST_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  if (all.length === 0) {
    return {
      text: 'No pilots in this workspace yet. Start one with /gate start [pilot name].',
      blocks: [section('No pilots in this workspace yet. Start one with `/gate start [pilot name]`.')],
    };
  }
  const shown = all.slice((current - 1) * LIST_PAGE_SIZE, current * LIST_PAGE_SIZE);
  const blocks: KnownBlock[] = [header(`Pilots in this workspace (${all.length})`)];
  for (let i = 0; i < shown.length; i += LINES_PER_SECTION) {
    blocks.push(
      section(
        shown
          .slice(i, i + LINES_PER_SECTION)
          .map(line)
          .join('\n'),
      ),
    );
  }
  const paging =
    pages > 1
      ? ` · Page ${current} of ${pages}` + (current < pages ? ` — next: \`/gate list ${current + 1}\`` : '')
      : '';
  blocks.push(context(`${SIGNAL_GRID_LEGEND}${paging} · Details: \`/gate status [pilot]\``));
  const pageNote = pages > 1 ? ` (page ${current} of ${pages})` : '';
  const names = joinParts(
    shown.map((p) => fallbackPart`${p.name} (${STAGE_LABELS[p.stage]})`),
    '; ',
  );
  const text = fallback`${all.length} pilot${all.length === 1 ? '' : 's'} in this workspace${pageNote}: ${names}`;
  return { text: clip(text, 3000), blocks };
}

/** Posted with the portfolio chart that follows `/gate list` in the caller's DM. */
export function listChartComment(pilots: number): string {
  return `Portfolio chart of the ${plural(pilots, 'pilot')} in your \`/gate list\`: pilots per stage, and days in stage against the ${TERMS.atRisk} and ${TERMS.purgatory} thresholds.`;
}
