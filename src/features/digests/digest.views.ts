import type { KnownBlock } from '@slack/types';
import { PILOT_STAGES, ROLE_LABELS, SIGNAL_SHORT, STAGE_LABELS, STATUS_EMOJI } from '../../core/catalog.domain.js';
import { nameInText } from '../../core/clip-words.domain.js';
import { capitalised, conversion, count, plural, TERMS } from '../../core/glossary.domain.js';
import { button, clip, context, divider, escapeMrkdwn, header, mention, section } from '../../slack/blocks.js';
import { fallback, NOTIFICATION_MAX, notificationText } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import { slackDate } from '../../slack/slack-date.js';
import { flagHeadline } from '../pilots/flag-headline.domain.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';
import { OUTCOME_TEXT } from '../reviews/review-card.views.js';
import type { DigestPilot, PortfolioSummary, SponsorDigest } from './digest.domain.js';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Pilots shown in full; the rest are one line each, so a sponsor with many pilots still fits one message. */
const FULL_PILOTS = 8;
const COMPACT_LINES = 30;
const PILOT_SECTION_MAX = 700;

const grid = (p: DigestPilot) =>
  p.statuses.length > 0
    ? p.statuses.map((s) => `${STATUS_EMOJI[s.status]} ${SIGNAL_SHORT[s.signal]}`).join('  ')
    : '⚪ no review yet';

function decisionLine(p: DigestPilot): string | null {
  if (p.decision.kind === 'due') {
    const d = p.decision;
    const when =
      d.daysLeft > 0 ? `${d.daysLeft} days left` : d.daysLeft === 0 ? 'due today' : `${-d.daysLeft} days overdue`;
    return `⚖️ Decision due by ${d.dueDate} (${when})`;
  }
  if (p.decision.kind === 'ready' && p.staleConfirmations.length > 0) {
    const n = p.staleConfirmations.length;
    return `⚖️ Your decision waits on ${count(n, TERMS.staleConfirmation)}: opening it asks them to ${TERMS.reconfirm}`;
  }
  if (p.decision.kind === 'ready') {
    return `⚖️ Ready for your decision: ${OUTCOME_TEXT[p.decision.outcome as keyof typeof OUTCOME_TEXT] ?? p.decision.outcome}`;
  }
  return null;
}

/** Whether a flag of the pilot says more than its first sentence, which is all the digest shows of it. */
const flagsCut = (p: DigestPilot) => p.flags.some((f) => flagHeadline(f.detail).cut);

/** One pilot in full: stage, grid, flags (their first sentence), who is late, overdue items, decision, changes. */
export function pilotSection(p: DigestPilot): string {
  const lines = [`*${escapeMrkdwn(p.name)}* · ${STAGE_LABELS[p.stage]}${p.isNew ? ' · _new_' : ''}`, grid(p)];
  for (const f of p.flags) lines.push(`🚩 ${escapeMrkdwn(flagHeadline(f.detail).text)}`);
  if (p.late.length > 0) {
    lines.push(`⏳ Late: ${p.late.map((l) => `${mention(l.userId)} (${ROLE_LABELS[l.role]})`).join(', ')}`);
  } else if (p.awaitingCount > 0) {
    lines.push(`⏳ Awaiting ${p.awaitingCount} ${p.awaitingCount === 1 ? 'answer' : 'answers'}, not late yet`);
  }
  if (p.staleConfirmations.length > 0) {
    const who = p.staleConfirmations.map(
      (s) => `${mention(s.userId)} (${ROLE_LABELS[s.role]}, from ${slackDate(s.confirmedAt)})`,
    );
    lines.push(`🔁 ${cap(TERMS.staleConfirmation.many)}: ${who.join(', ')}`);
  }
  for (const i of p.overdueItems.slice(0, 3)) {
    lines.push(`📋 Overdue since ${i.dueDate}: ${escapeMrkdwn(clip(i.action, 80))} (${mention(i.ownerId)})`);
  }
  if (p.overdueItems.length > 3) lines.push(`📋 …and ${p.overdueItems.length - 3} more overdue items`);
  const decision = decisionLine(p);
  if (decision) lines.push(decision);
  if (p.changes.length > 0) lines.push(`🔄 Since last digest: ${p.changes.join('; ')}`);
  return clip(lines.join('\n'), PILOT_SECTION_MAX);
}

/** Something is waiting on someone: a decision, answers, overdue items or a flag. */
const needsSomething = (p: DigestPilot) =>
  p.decision.kind !== 'none' ||
  p.late.length > 0 ||
  p.awaitingCount > 0 ||
  p.staleConfirmations.length > 0 ||
  p.overdueItems.length > 0 ||
  p.flags.length > 0;

/**
 * The next step of a pilot that needs something: *Record decision* when one is due, else its review's
 * channel; the channel too when a flag was shortened (its card shows the flag whole).
 */
function pilotBlock(p: DigestPilot): KnownBlock {
  const text = pilotSection(p);
  if (p.decision.kind !== 'none' && p.reviewId) {
    const details = flagsCut(p) && p.channelId ? `\n👉 Details on the card in <#${p.channelId}>` : '';
    return section(`${text}${details}`, {
      accessory: button('Record decision', Ids.review.decideButton, p.reviewId, 'primary'),
    });
  }
  return section(needsSomething(p) && p.channelId ? `${text}\n👉 Open the review in <#${p.channelId}>` : text);
}

const compactLine = (p: DigestPilot) =>
  `• *${escapeMrkdwn(clip(p.name, 50))}* · ${STAGE_LABELS[p.stage]} · ${p.statuses.map((s) => STATUS_EMOJI[s.status]).join('')}${p.flags.length ? ` · 🚩 ${p.flags.length}` : ''}${needsSomething(p) && p.channelId ? ` · <#${p.channelId}>` : ''}`;

export function portfolioLines(s: PortfolioSummary): string {
  const counts = PILOT_STAGES.filter((st) => s.stageCounts[st] > 0)
    .map((st) => `${STAGE_LABELS[st]}: ${s.stageCounts[st]}`)
    .join(' · ');
  const purgatory =
    s.purgatory.length === 0
      ? 'none'
      : `${s.purgatory.length} (${s.purgatory.slice(0, 10).map(escapeMrkdwn).join(', ')}${s.purgatory.length > 10 ? ', …' : ''})`;
  return [
    `*Pilots:* ${s.total}${counts ? ` — ${counts}` : ''}`,
    `*${capitalised(TERMS.conversion)}:* ${conversion(s.inProduction, s.total).text}`,
    `*In ${TERMS.purgatory}:* ${purgatory}${s.atRisk > 0 ? ` · *${TERMS.atRisk}:* ${s.atRisk}` : ''}`,
  ].join('\n');
}

/** What the sponsor's pilots need, most pressing first, as counts: "1 to decide", "2 in pilot purgatory". */
function needCounts(pilots: DigestPilot[]): string[] {
  const howMany = (test: (p: DigestPilot) => boolean) => pilots.filter(test).length;
  const flagged = (kind: string) => (p: DigestPilot) => p.flags.some((f) => f.kind === kind);
  const staleCount = pilots.reduce((n, p) => n + p.staleConfirmations.length, 0);
  const counts: [number, string][] = [
    [howMany((p) => p.decision.kind !== 'none'), 'to decide'],
    [howMany(flagged('purgatory')), `in ${TERMS.purgatory}`],
    [howMany(flagged('at_risk')), TERMS.atRisk],
    [howMany((p) => p.overdueItems.length > 0), 'with overdue items'],
    [howMany((p) => p.late.length > 0), 'with late answers'],
    [staleCount, staleCount === 1 ? TERMS.staleConfirmation.one : TERMS.staleConfirmation.many],
  ];
  return counts.filter(([n]) => n > 0).map(([n, words]) => `${n} ${words}`);
}

/**
 * The notification: the digest and what needs the sponsor in counts, then the most urgent pilot by name
 * and the conversion while they fit (the blocks say everything).
 */
function fallbackText(d: SponsorDigest): string {
  let head = `Your weekly PilotGate digest: ${plural(d.pilots.length, 'open pilot')}`;
  for (const [i, need] of needCounts(d.pilots).entries()) {
    const next = `${head}${i === 0 ? ' — ' : ', '}${need}`;
    if (next.length >= NOTIFICATION_MAX) break;
    head = next;
  }
  const top = d.pilots[0];
  const s = d.portfolio;
  return notificationText(
    `${head}.`,
    top && needsSomething(top) ? fallback` Most urgent: ${nameInText(top.name)}.` : null,
    ` ${capitalised(TERMS.conversion)}: ${conversion(s.inProduction, s.total).text}.`,
  );
}

/**
 * The weekly digest DM. At most FULL_PILOTS pilots in full (those needing the sponsor most come first),
 * then one line per further pilot, then a count; always within 50 blocks and Slack's text budget.
 */
export function digestMessage(d: SponsorDigest, dateLabel: string): RenderedMessage {
  const intro = d.firstDigest
    ? 'Your first PilotGate digest.'
    : d.pilots.some((p) => p.changes.length > 0 || p.isNew) || d.closedSince.length > 0
      ? 'Here is what needs you, and what changed since the last digest.'
      : 'Nothing changed since the last digest.';
  const blocks: KnownBlock[] = [
    header('Your weekly PilotGate digest'),
    context(`${dateLabel} · ${d.pilots.length} open ${d.pilots.length === 1 ? 'pilot' : 'pilots'} · ${intro}`),
    divider(),
  ];
  for (const p of d.pilots.slice(0, FULL_PILOTS)) blocks.push(pilotBlock(p));
  const rest = d.pilots.slice(FULL_PILOTS);
  if (rest.length > 0) {
    const shown = rest.slice(0, COMPACT_LINES);
    for (let i = 0; i < shown.length; i += 20)
      blocks.push(
        section(
          shown
            .slice(i, i + 20)
            .map(compactLine)
            .join('\n'),
        ),
      );
    if (rest.length > shown.length)
      blocks.push(context(`…and ${rest.length - shown.length} more open pilots; see the App Home.`));
  }
  if (d.closedSince.length > 0) {
    const closed = d.closedSince.slice(0, 10).map((c) => `${escapeMrkdwn(c.name)} (${STAGE_LABELS[c.stage]})`);
    blocks.push(context(`Closed since the last digest: ${closed.join(', ')}${d.closedSince.length > 10 ? ', …' : ''}`));
  }
  blocks.push(divider(), section(`*Portfolio of this workspace*\n${portfolioLines(d.portfolio)}`));
  return { text: fallbackText(d), blocks };
}
