import { canonicalJson } from '../audit/audit.domain.js';
import type { AuditInput, AuditTrail } from '../audit/audit.port.js';

/** The same event already in the chain: a repeat after a crash between an append and its marker's removal. */
export function sameEvent(a: AuditInput, b: AuditInput): boolean {
  return (
    a.type === b.type &&
    a.subject === b.subject &&
    a.actor === b.actor &&
    a.at.getTime() === b.at.getTime() &&
    canonicalJson(a.before) === canonicalJson(b.before) &&
    canonicalJson(a.after) === canonicalJson(b.after)
  );
}

/**
 * Appends a follow-up's audit events in order. `repeat`: an earlier run may have appended some of
 * them, so the chain is read once and those already in it are skipped; the chain never holds one twice.
 */
export async function appendMissing(audit: AuditTrail, events: AuditInput[], repeat: boolean): Promise<void> {
  const first = events[0];
  if (!first) return;
  const existing = repeat ? await audit.forReview(first.teamId, first.reviewId) : [];
  for (const event of events) {
    if (!existing.some((x) => sameEvent({ ...x, at: new Date(x.at) }, event))) await audit.append(event);
  }
}
