/**
 * A signal's evidence in mrkdwn: each item a link that reads as its title, 🔗 for a link and 📄 for a
 * Slack file, with who attached it. Pure; every text fits the room it is given, so a caller can put the
 * lines in a section beside other text and stay within Slack's 3000 characters.
 */
import { clipWords } from '../../core/clip-words.domain.js';
import { ROLE_SHORT } from '../../core/glossary.domain.js';
import { escapeMrkdwn, link } from '../../slack/blocks.js';
import type { SignalEvidence } from './signal-evidence.domain.js';

const KIND_EMOJI = { link: '🔗', file: '📄' } as const;

/** The longest title a line shows, cut at a word (titles hold up to 150 characters). */
const TITLE_IN_LINE = 80;

/** One item as a link reading as its title, whole words up to `titleMax` characters. */
export const evidenceLink = (e: SignalEvidence, titleMax: number): string =>
  link(e.url, clipWords(e.title, titleMax).text);

/**
 * One line per item — "🔗 <url|Q1 KPI report> — Ops" — as many as fit in `room` characters, then how
 * many more there are and where to see them all. Empty for no items.
 */
export function evidenceLines(items: readonly SignalEvidence[], room: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const [i, e] of items.entries()) {
    const who = e.roles.map((r) => ROLE_SHORT[r]).join(', ');
    const left = items.length - i - 1;
    // Keep room for the "more" line unless this is the last item.
    const fits = (text: string) => used + text.length + 1 + (left > 0 ? MORE_MAX : 0) <= room;
    const linked = `${KIND_EMOJI[e.kind]} ${evidenceLink(e, TITLE_IN_LINE)} — ${who}`;
    // An address too long for the room still leaves the title readable (the export has the address).
    const titled = `${KIND_EMOJI[e.kind]} ${escapeMrkdwn(clipWords(e.title, TITLE_IN_LINE).text)} — ${who}`;
    const line = fits(linked) ? linked : titled;
    if (!fits(line)) {
      lines.push(moreLine(items.length - i));
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}

const moreLine = (n: number) => `_…and ${n} more: \`/gate export\` lists every item._`;
const MORE_MAX = moreLine(999).length;
