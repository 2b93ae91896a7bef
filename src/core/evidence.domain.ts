/**
 * Evidence behind a signal: links and Slack files an assessor attaches to the signals in their purview.
 * A role's evidence for a signal is stored with its answers under a reserved key (`@evidence:<signal>`,
 * never a question id: those are snake_case), so a save, its audit event, drafts, re-confirmation and
 * history carry it with the answers. Files are kept by reference (id, name, permalink), never downloaded.
 */
import { createHash } from 'node:crypto';
import type { Answers, AnswerValue, EvidenceItem } from './answers.domain.js';
import { ROLE_IDS, type RoleId, SIGNAL_IDS, type SignalId } from './catalog.domain.js';

export type { EvidenceItem } from './answers.domain.js';

export const MAX_EVIDENCE_LINKS = 5;
export const MAX_EVIDENCE_FILES = 5;
/** The longest title kept (a file name or a typed title). */
export const EVIDENCE_TITLE_MAX = 150;

const PREFIX = '@evidence:';

/** The answers key holding a role's evidence for `signal`. */
export const evidenceKey = (signal: SignalId): string => `${PREFIX}${signal}`;

/** The signal of an evidence key, or undefined for a question id. */
export function signalOfEvidenceKey(key: string): SignalId | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  const signal = key.slice(PREFIX.length);
  return (SIGNAL_IDS as readonly string[]).includes(signal) ? (signal as SignalId) : undefined;
}

const isItem = (x: unknown): x is EvidenceItem =>
  typeof x === 'object' &&
  x !== null &&
  ((x as EvidenceItem).kind === 'link' || (x as EvidenceItem).kind === 'file') &&
  typeof (x as EvidenceItem).title === 'string' &&
  typeof (x as EvidenceItem).url === 'string';

/** A role's evidence for `signal` in its answers (none when absent or malformed). */
export function evidenceIn(answers: Answers | null | undefined, signal: SignalId): EvidenceItem[] {
  const value: AnswerValue | undefined = answers?.[evidenceKey(signal)];
  return Array.isArray(value) ? (value as unknown[]).filter(isItem) : [];
}

/** The answers without their evidence keys (what the questions alone hold). */
export function withoutEvidence(answers: Answers): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([k]) => signalOfEvidenceKey(k) === undefined));
}

/** A short, stable name for one item (an option value in Slack, which holds at most 150 characters). */
export function evidenceItemKey(item: EvidenceItem): string {
  const identity = item.kind === 'file' ? `file:${item.fileId ?? item.url}` : `link:${item.url}`;
  return createHash('sha256').update(identity).digest('base64url').slice(0, 16);
}

/** One item attributed to the role that attached it. */
export interface AttributedEvidence extends EvidenceItem {
  role: RoleId;
}

/** Every role's evidence for each signal, in role order, the same item once per role. */
export function evidenceBySignal(
  answers: Partial<Record<RoleId, Answers | null>>,
): Record<SignalId, AttributedEvidence[]> {
  const out = Object.fromEntries(SIGNAL_IDS.map((s) => [s, [] as AttributedEvidence[]])) as Record<
    SignalId,
    AttributedEvidence[]
  >;
  for (const role of ROLE_IDS) {
    for (const signal of SIGNAL_IDS) {
      for (const item of evidenceIn(answers[role], signal)) out[signal].push({ ...item, role });
    }
  }
  return out;
}

/** One evidence change between two saves of a role's answers. */
export interface EvidenceChange {
  change: 'added' | 'removed';
  signal: SignalId;
  item: EvidenceItem;
}

/** What a save added and removed, per signal and in signal order (kept items are neither). */
export function evidenceChanges(before: Answers | null, after: Answers): EvidenceChange[] {
  const changes: EvidenceChange[] = [];
  for (const signal of SIGNAL_IDS) {
    const was = evidenceIn(before, signal);
    const now = evidenceIn(after, signal);
    const wasKeys = new Set(was.map(evidenceItemKey));
    const nowKeys = new Set(now.map(evidenceItemKey));
    for (const item of now) if (!wasKeys.has(evidenceItemKey(item))) changes.push({ change: 'added', signal, item });
    for (const item of was) if (!nowKeys.has(evidenceItemKey(item))) changes.push({ change: 'removed', signal, item });
  }
  return changes;
}

/** The web address as typed, when it is one PilotGate will link to (http or https), else null. */
export function webAddress(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A title for a link given without one: its host and path, as a reader would recognise it. */
export function titleOfLink(url: string): string {
  const u = new URL(url);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return `${u.host}${path}`.slice(0, EVIDENCE_TITLE_MAX);
}
