import type { HomeView, KnownBlock } from '@slack/types';
import { PILOT_STAGES, ROLE_LABELS, STAGE_LABELS } from '../../core/catalog.domain.js';
import { capitalised, conversion, plural, TERMS } from '../../core/glossary.domain.js';
import { formatLocal } from '../../shared/time.js';
import { actions, button, clip, context, divider, escapeMrkdwn, fields, header, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { flagHeadline } from '../pilots/flag-headline.domain.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import { SIGNAL_GRID_LEGEND, signalGrid } from '../reviews/review-card.views.js';
import type { HomeModel, PilotRow, WaitingItem } from './home.domain.js';

/** Rows per list: with 200 pilots the tab summarises and stays far below Slack's 100 blocks. */
export const HOME_LIMITS = { waiting: 15, yours: 15, purgatory: 10 } as const;

export const WELCOME_TEXT =
  '👋 *Welcome to PilotGate.* It runs AI pilot-to-production gate reviews where your stakeholders already work: ' +
  'five roles assess five scale-readiness signals, and the executive sponsor records a documented decision. ' +
  'Start one in a channel with `/gate start [pilot name]`; `/gate help` lists every command.';

const pilotName = (name: string) => `*${escapeMrkdwn(clip(name, 80))}*`;

function waitingBlock(item: WaitingItem, index: number, tz: string): KnownBlock {
  const blockId = `home.wait.${index}`;
  const name = pilotName(item.pilot.name);
  if (item.kind === 'answer') {
    const roles = item.roles.map((r) => ROLE_LABELS[r]).join(', ');
    return section(`📝 *Answer your questions* for ${name} (${roles}) · review opened ${formatLocal(item.since, tz)}`, {
      block_id: blockId,
      accessory: button('Answer', Ids.review.answerButton, item.reviewId, 'primary'),
    });
  }
  if (item.kind === 'decide') {
    return section(`⚖️ *Record the decision* for ${name}: all answers are in`, {
      block_id: blockId,
      accessory: button('Record decision', Ids.review.decideButton, item.reviewId, 'primary'),
    });
  }
  const due = item.overdue ? `🔴 overdue since ${item.item.dueDate}` : `due ${item.item.dueDate}`;
  return section(`📋 *Plan item* for ${name}: ${escapeMrkdwn(clip(item.item.action, 200))} · ${due}`, {
    block_id: blockId,
    accessory: button('Open plan', Ids.plan.openButton, item.reviewId),
  });
}

/**
 * A pilot in one line: grid, name, stage, channel, and its flags (only `kind` in a list of that flag)
 * by their first sentence; `cut` when a flag says more than the line shows (the card and *Details* show it).
 */
function pilotLine({ pilot, statuses }: PilotRow, kind?: PilotFlag['kind']): { text: string; cut: boolean } {
  const flags = pilot.flags.filter((f) => !kind || f.kind === kind).map((f) => flagHeadline(f.detail));
  const flagText = flags.map((f) => `🚩 ${escapeMrkdwn(f.text)}`).join(' ');
  return {
    text: `${signalGrid(statuses)}  ${pilotName(pilot.name)} · ${STAGE_LABELS[pilot.stage]} · <#${pilot.channelId}>${flagText ? `\n${flagText}` : ''}`,
    cut: flags.some((f) => f.cut),
  };
}

/** A row of *Your pilots*: *Details* (the review in full, its flags whole) where a flag was shortened. */
function yourPilotBlock(row: PilotRow): KnownBlock {
  const line = pilotLine(row);
  return line.cut && row.reviewId
    ? section(line.text, { accessory: button('Details', Ids.review.detailsButton, row.reviewId) })
    : section(line.text);
}

const legend = (rows: unknown[]) => (rows.length > 0 ? [context(SIGNAL_GRID_LEGEND)] : []);

const more = (shown: number, total: number, hint: string) =>
  total > shown ? [context(`…and ${total - shown} more — ${hint}`)] : [];

function waitingSection(model: HomeModel, tz: string): KnownBlock[] {
  const { waiting } = model;
  const shown = waiting.slice(0, HOME_LIMITS.waiting);
  return [
    header(`Waiting on you (${waiting.length})`),
    ...(waiting.length === 0
      ? [section('Nothing right now. Questionnaires, decisions and plan items you owe will show up here.')]
      : shown.map((item, i) => waitingBlock(item, i, tz))),
    ...more(shown.length, waiting.length, 'the most urgent are shown first'),
  ];
}

function yoursSection(model: HomeModel): KnownBlock[] {
  const shown = model.yours.slice(0, HOME_LIMITS.yours);
  return [
    header(`Your pilots (${model.yours.length})`),
    ...(shown.length === 0
      ? [section('You hold no role in any pilot yet. Register one with `/gate start [pilot name]` in its channel.')]
      : shown.map(yourPilotBlock)),
    ...more(shown.length, model.yours.length, '`/gate list` shows them all'),
    ...legend(shown),
  ];
}

function portfolioSection(model: HomeModel): KnownBlock[] {
  const p = model.portfolio;
  if (p.total === 0) return [header('Workspace portfolio'), section('No pilots in this workspace yet.')];
  const flagged = [...p.purgatory, ...p.atRisk];
  return [
    header(`Workspace portfolio (${plural(p.total, 'pilot')})`),
    fields(PILOT_STAGES.map((s) => `*${STAGE_LABELS[s]}*\n${p.stageCounts[s]}`).slice(0, 10)),
    section(`*${capitalised(TERMS.conversion)}:* ${conversion(p.inProduction, p.total).text}`),
    ...(flagged.length === 0
      ? [section(`*${capitalised(TERMS.purgatory)}:* no pilot is ${TERMS.atRisk} or in ${TERMS.purgatory}.`)]
      : [
          ...flaggedList(capitalised(TERMS.purgatory), p.purgatory, 'purgatory'),
          ...flaggedList(capitalised(TERMS.atRisk), p.atRisk, 'at_risk'),
          ...legend(flagged),
        ]),
  ];
}

/** Pilots with one flag, up to the limit, each line showing that flag. */
function flaggedList(title: string, rows: PilotRow[], kind: PilotFlag['kind']): KnownBlock[] {
  if (rows.length === 0) return [];
  const shown = rows.slice(0, HOME_LIMITS.purgatory);
  return [
    section(`*${title} (${rows.length}):*\n${shown.map((row) => pilotLine(row, kind).text).join('\n')}`),
    ...more(shown.length, rows.length, '`/gate list` shows every pilot with its flags'),
  ];
}

/** The Home tab of one person: pure, always within Slack's limits whatever the number of pilots. */
export function homeView(model: HomeModel, opts: { now: Date; tz: string; firstVisit: boolean }): HomeView {
  const blocks: KnownBlock[] = [
    header('PilotGate'),
    ...(opts.firstVisit ? [section(WELCOME_TEXT)] : []),
    actions('home.toolbar', [button('Refresh', Ids.home.refresh)]),
    context(`Updated ${formatLocal(opts.now, opts.tz)}`),
    divider(),
    ...waitingSection(model, opts.tz),
    divider(),
    ...yoursSection(model),
    divider(),
    ...portfolioSection(model),
  ];
  return { type: 'home', callback_id: Ids.home.tab, blocks };
}
