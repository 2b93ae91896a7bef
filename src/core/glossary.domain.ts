/**
 * One name for one thing. Every view takes its words for PilotGate's concepts from here, so the card,
 * the DMs, Home, the digest and settings never call the same thing two names ("nudge" in one place,
 * "reminder" in another).
 */
export const TERMS = {
  /** A DM asking a stakeholder for their missing answers. Never "nudge" in anything a user reads. */
  reminder: { one: 'reminder', many: 'reminders' },
  /** The plan of actions a conditional decision sets, one item per gap. */
  gapClosurePlan: 'gap-closure plan',
  gapClosureItem: { one: 'gap-closure item', many: 'gap-closure items' },
  /** The look back at a pilot 90 days after it went to production. */
  review90: '90-day review',
  /** The review of one pilot at the gate between pilot and production. */
  gateReview: 'gate review',
  /** A pilot stuck past the purgatory threshold with no decision. */
  purgatory: 'pilot purgatory',
  /** Close to the purgatory threshold, not yet in it. */
  atRisk: 'at risk',
  decision: 'decision',
  /**
   * Answers confirmed longer ago than the workspace's validity: they count as pending at the decision
   * until their assessor re-confirms. Not the *stale* flag of a review with no activity.
   */
  staleConfirmation: { one: 'stale confirmation', many: 'stale confirmations' },
  /** What an assessor does to a stale confirmation: *Still true* or new answers. */
  reconfirm: 're-confirm',
  /** The share of pilots that reached production; its number is always conversion() below. */
  conversion: 'pilot → production conversion',
} as const;

/** A signal status, or an assessment, in the words people read: the same in Details, exports, records and workflow outputs. */
export const STATUS_WORDS = {
  confirmed: 'Confirmed',
  conditional: 'Conditional',
  failed: 'Failed',
  pending: 'Pending',
} as const;

/** A term at the start of a sentence or label: capitalised(TERMS.review90) = "90-day review". */
export const capitalised = (term: string): string => `${term.charAt(0).toUpperCase()}${term.slice(1)}`;

/** A count with its noun: plural(1, 'item') = "1 item", plural(2, 'item') = "2 items", plural(2, 'reply', 'replies'). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The same for a glossary entry: count(3, TERMS.reminder) = "3 reminders". */
export function count(n: number, term: { one: string; many: string }): string {
  return plural(n, term.one, term.many);
}

/** Short role names for one-line texts ("waiting on Tech, Gov"); the full names are in the catalog. */
export const ROLE_SHORT = {
  executive_sponsor: 'Sponsor',
  operational_lead: 'Ops',
  technology_lead: 'Tech',
  governance_lead: 'Gov',
  change_lead: 'Change',
} as const;

/**
 * Conversion from pilot to production, one definition for Home, the digest and `/gate list`: the share
 * of pilots that reached production among all pilots. "20 % (1 of 5)".
 */
export function conversion(inProduction: number, total: number): { rate: number; text: string } {
  const rate = total > 0 ? Math.round((inProduction / total) * 100) : 0;
  return { rate, text: `${rate} % (${inProduction} of ${total})` };
}
