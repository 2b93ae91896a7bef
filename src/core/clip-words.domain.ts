/**
 * Shortening text for a line without cutting a word in half ("…the spons…"): the cut falls on the last
 * word boundary before the limit, marked with an ellipsis. Whoever shortens offers the whole text
 * elsewhere (a *Details* button, the card).
 */
export function clipWords(text: string, max: number): { text: string; clipped: boolean } {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return { text: flat, clipped: false };
  const room = flat.slice(0, Math.max(0, max - 1));
  const space = room.lastIndexOf(' ');
  // A single word longer than the room is cut where it must be; otherwise at the last space.
  const cut = space > max / 2 ? room.slice(0, space) : room;
  return { text: `${cut.replace(/[\s,.;:—–-]+$/, '')}…`, clipped: true };
}

/** Room a pilot's name gets in a notification text (≤ 150 characters in all). */
export const NAME_IN_TEXT = 48;

/** A pilot's name as a notification text shows it: whole words, at most NAME_IN_TEXT characters. */
export const nameInText = (name: string): string => clipWords(name, NAME_IN_TEXT).text;
