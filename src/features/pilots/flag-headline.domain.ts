/**
 * A flag in one line for lists (Home, the weekly digest): its first sentence says what is wrong; the
 * rest (the decision date, the way out) stays on the card and in *Details*, which show the flag whole.
 */
import { clipWords } from '../../core/clip-words.domain.js';

/** Room a flag gets in a list line. */
export const FLAG_HEADLINE_MAX = 120;

/** The first sentence of a flag's detail, whole words, at most `max`; `cut` when anything was left out. */
export function flagHeadline(detail: string, max = FLAG_HEADLINE_MAX): { text: string; cut: boolean } {
  const whole = detail.replace(/\s+/g, ' ').trim();
  const first = /^.*?[.!?](?= |$)/.exec(whole)?.[0] ?? whole;
  const clipped = clipWords(first, max);
  return { text: clipped.text, cut: clipped.clipped || first.length < whole.length };
}
