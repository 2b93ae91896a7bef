/**
 * The evidence behind each signal as people read it (Details, the decision modal, the record, the
 * crosswalk): each item once, with every role that attached it. Two assessors often attach the same
 * dashboard; listing it twice would read as two pieces of evidence.
 */
import type { Answers } from '../../core/answers.domain.js';
import { ROLE_LABELS, type RoleId, type SignalId } from '../../core/catalog.domain.js';
import { type EvidenceItem, evidenceBySignal, evidenceItemKey } from '../../core/evidence.domain.js';

/** One item of a signal's evidence; `roles` in role order, its title as the first of them gave it. */
export interface SignalEvidence extends EvidenceItem {
  roles: RoleId[];
}

export type EvidenceBySignal = Record<SignalId, SignalEvidence[]>;

/** Every signal's evidence in the answers that count, each item once, in role order. */
export function signalEvidence(answers: Partial<Record<RoleId, Answers | null>>): EvidenceBySignal {
  const all = evidenceBySignal(answers);
  return Object.fromEntries(
    Object.entries(all).map(([signal, items]) => {
      const byKey = new Map<string, SignalEvidence>();
      for (const { role, ...item } of items) {
        const key = evidenceItemKey(item);
        const seen = byKey.get(key);
        if (seen) {
          if (!seen.roles.includes(role)) seen.roles.push(role);
        } else byKey.set(key, { ...item, roles: [role] });
      }
      return [signal, [...byKey.values()]];
    }),
  ) as EvidenceBySignal;
}

/** The title with who attached it, for a document read away from Slack: "Q1 KPI report (Operational lead)". */
export const attributedTitle = (e: SignalEvidence): string =>
  `${e.title} (${e.roles.map((r) => ROLE_LABELS[r]).join(', ')})`;
