/**
 * The 90-day review, scheduled when a pilot enters production on `proceed`: were the KPI projections
 * realised, were the signals assessed right, what to change before the next use case; and, across the
 * portfolio, how often each role's gate confirmations held up.
 */
import { ROLE_IDS, type RoleId, SIGNAL_IDS, type SignalId } from '../../core/catalog.domain.js';
import { Review90Field } from '../../slack/ids.js';
import type { Kpi } from '../pilots/pilot.types.js';

/** Who completes the 90-day review; the sponsor's submission completes it. */
export const REVIEW90_ROLES = ['executive_sponsor', 'operational_lead'] as const satisfies readonly RoleId[];

export const REALISED = ['yes', 'partly', 'no'] as const;
export type Realised = (typeof REALISED)[number];
export const REALISED_LABELS: Record<Realised, string> = {
  yes: 'Realised',
  partly: 'Partly realised',
  no: 'Not realised',
};

export const HELD = ['held', 'not_held'] as const;
export type Held = (typeof HELD)[number];
export const HELD_LABELS: Record<Held, string> = { held: 'Held up', not_held: 'Did not hold up' };

/** Its block ids live with every other Slack id in slack/ids.ts; re-exported for the rules that key errors by them. */
export { Review90Field };

export interface Review90Draft {
  kpis: { actual: string; realised: string | null }[];
  signals: Partial<Record<SignalId, string | null>>;
  incidents: string;
  lessons: string;
}

export interface Review90Answers {
  kpis: { name: string; target: string; actual: string; realised: Realised }[];
  signals: Record<SignalId, Held>;
  incidents: string;
  lessons: string;
}

export interface GateAssessment {
  signal: SignalId;
  role: RoleId;
  value: 'confirmed' | 'conditional' | 'failed';
}

/** One gate confirmation judged at the 90-day review: did it hold up? */
export interface CalibrationEntry {
  role: RoleId;
  signal: SignalId;
  heldUp: boolean;
}

export interface RoleCalibration {
  confirmations: number;
  heldUp: number;
  /** heldUp / confirmations; null before any confirmation was judged. */
  rate: number | null;
}

const isRealised = (v: unknown): v is Realised => REALISED.includes(v as Realised);
const isHeld = (v: unknown): v is Held => HELD.includes(v as Held);

/** Checks a 90-day submission; every problem keyed by the block id it belongs under. */
export function validateReview90(
  draft: Review90Draft,
  kpis: readonly Kpi[],
): { ok: true; value: Review90Answers } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  kpis.forEach((kpi, i) => {
    const given = draft.kpis[i];
    if (!given?.actual.trim())
      errors[Review90Field.kpiActual(i)] = `Give the measured value of "${kpi.name}" in production`;
    if (!isRealised(given?.realised)) errors[Review90Field.kpiRealised(i)] = 'Say whether the projection was realised';
  });
  for (const s of SIGNAL_IDS) {
    if (!isHeld(draft.signals[s])) errors[Review90Field.signal(s)] = 'Say whether this assessment held up';
  }
  if (draft.lessons.trim().length < 3) errors[Review90Field.lessons] = 'Write what to change before the next use case';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kpis: kpis.map((kpi, i) => ({
        name: kpi.name,
        target: kpi.target,
        actual: draft.kpis[i]?.actual.trim() ?? '',
        realised: draft.kpis[i]?.realised as Realised,
      })),
      signals: Object.fromEntries(SIGNAL_IDS.map((s) => [s, draft.signals[s] as Held])) as Record<SignalId, Held>,
      incidents: draft.incidents.trim(),
      lessons: draft.lessons.trim(),
    },
  };
}

/** Whether a pilot is due its 90-day review (the rule lives with the review card, which offers it too). */
export { review90Due } from '../reviews/review90-due.domain.js';

/** The 90-day roles a user holds on a pilot (one person may hold both). */
export function review90Roles(stakeholders: Partial<Record<RoleId, string>>, userId: string): RoleId[] {
  return REVIEW90_ROLES.filter((r) => stakeholders[r] === userId);
}

/** Each role's gate confirmation judged against what happened: held up when the signal held up. */
export function calibrationEntries(
  gate: readonly GateAssessment[],
  signals: Record<SignalId, Held>,
): CalibrationEntry[] {
  return gate
    .filter((a) => a.value === 'confirmed')
    .map((a) => ({ role: a.role, signal: a.signal, heldUp: signals[a.signal] === 'held' }));
}

/** Per role, how often its confirmations held up across the portfolio (the App Home shows it). */
export function calibrationByRole(entries: readonly CalibrationEntry[]): Record<RoleId, RoleCalibration> {
  const out = Object.fromEntries(ROLE_IDS.map((r) => [r, { confirmations: 0, heldUp: 0, rate: null }])) as Record<
    RoleId,
    RoleCalibration
  >;
  for (const e of entries) {
    const c = out[e.role];
    c.confirmations++;
    if (e.heldUp) c.heldUp++;
  }
  for (const r of ROLE_IDS) out[r].rate = out[r].confirmations === 0 ? null : out[r].heldUp / out[r].confirmations;
  return out;
}
