/**
 * Pilot purgatory and drift, surfaced and never silent: which flags a pilot carries (at risk, in purgatory,
 * stale, overrunning, overdue), and what would get it out.
 * Pure: the scan job reads pilots, reviews and plan items in bulk and asks this module per pilot.
 */

import type { Cadence } from '../../config/settings.js';
import { type PilotStage, ROLE_IDS, ROLE_LABELS, type RoleId, type SignalId } from '../../core/catalog.domain.js';
import { DAY_MS } from '../../shared/time.js';
import type { PilotFlag } from '../pilots/pilot.types.js';
import { MAX_CATCH_UP_DAYS, SCAN_NEVER } from '../pilots/scan-schedule.domain.js';

export type FlagKind = PilotFlag['kind'];

/** A pilot that reaches purgatory gets a decision date this far ahead; the digest counts the days left. */
export const DECISION_WINDOW_MS = 14 * DAY_MS;

/** Stages still waiting on a scale decision; gap closure defers that decision, so it counts too. */
export const UNDECIDED_STAGES: readonly PilotStage[] = ['registered', 'in_review', 'pre_production'];
/** The alert-worthy crossings: into *at risk* or *in purgatory*. */
export const ALERT_KINDS: readonly FlagKind[] = ['at_risk', 'purgatory'];

export interface FlagPilot {
  stage: PilotStage;
  plannedKpiValidationDate: string;
  promisingAt?: Date | null;
  decisionDueAt?: Date | null;
}

export interface FlagReview {
  statuses: { signal: SignalId; status: string }[];
  answeredRoles: RoleId[];
  openedAt: Date;
  lastActivityAt: Date;
}

export interface FlagPlanItem {
  dueDate: string;
  doneAt?: Date | null;
}

export type FlagCadence = Pick<Cadence, 'staleAfterMs' | 'purgatoryWarnAfterMs' | 'purgatoryAfterMs'>;

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
const dayAfter = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
const statusOf = (review: FlagReview | null, signal: SignalId) =>
  review?.statuses.find((s) => s.signal === signal)?.status;

function span(ms: number): string {
  if (ms >= DAY_MS) return `${Math.round(ms / DAY_MS)} days`;
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} hours`;
  return `${Math.max(1, Math.round(ms / 1000))} seconds`;
}

const kpiConfirmed = (review: FlagReview | null): boolean => statusOf(review, 'kpi_validation') === 'confirmed';

/**
 * When the pilot became "promising" (KPIs validated): the recorded moment, else the review's last activity
 * (the confirming answer bumps it, so the first daily scan after it is within a day of the truth), else
 * when the review opened. Undefined while the KPIs are not confirmed.
 */
export function promisingSince(pilot: FlagPilot, review: FlagReview | null): Date | undefined {
  if (pilot.promisingAt) return pilot.promisingAt;
  if (!review || !kpiConfirmed(review)) return undefined;
  return review.lastActivityAt ?? review.openedAt;
}

const missingRoles = (review: FlagReview | null): RoleId[] =>
  review ? ROLE_IDS.filter((r) => !review.answeredRoles.includes(r)) : [...ROLE_IDS];

const rolesText = (roles: RoleId[]) => roles.map((r) => ROLE_LABELS[r]).join(', ');

/** What would get a promising pilot out of purgatory: the seed's four missing pieces, as they apply. */
export function exitSteps(review: FlagReview | null): string[] {
  const steps = ['a production investment case', 'C-suite alignment on scaling'];
  if (statusOf(review, 'operational_ownership') !== 'confirmed') steps.push('a named operational owner');
  const missing = missingRoles(review);
  if (missing.length > 0) steps.push(`the missing answers (${rolesText(missing)})`);
  return [...steps, "the sponsor's decision"];
}

/** The decision date of a pilot in purgatory: kept once set, else `now` + the decision window. */
export function decisionDueAt(pilot: FlagPilot, flags: PilotFlag[], now: Date): Date | undefined {
  if (!flags.some((f) => f.kind === 'purgatory')) return undefined;
  return pilot.decisionDueAt ?? new Date(now.getTime() + DECISION_WINDOW_MS);
}

function purgatoryFlag(pilot: FlagPilot, review: FlagReview | null, c: FlagCadence, now: Date): PilotFlag | null {
  const since = promisingSince(pilot, review);
  if (!since) return null;
  const age = now.getTime() - since.getTime();
  const out = `To get out: ${exitSteps(review).join('; ')}.`;
  if (age >= c.purgatoryAfterMs) {
    const due = decisionDueAt(pilot, [{ kind: 'purgatory', since, detail: '' }], now) as Date;
    return {
      kind: 'purgatory',
      since: new Date(since.getTime() + c.purgatoryAfterMs),
      detail: `In pilot purgatory: KPIs validated since ${isoDay(since)} and no scale decision after ${span(c.purgatoryAfterMs)}. Decision due by ${isoDay(due)}. ${out}`,
    };
  }
  if (age >= c.purgatoryWarnAfterMs) {
    return {
      kind: 'at_risk',
      since: new Date(since.getTime() + c.purgatoryWarnAfterMs),
      detail: `At risk of pilot purgatory: KPIs validated since ${isoDay(since)} and no scale decision after ${span(c.purgatoryWarnAfterMs)}. ${out}`,
    };
  }
  return null;
}

function staleFlag(pilot: FlagPilot, review: FlagReview | null, c: FlagCadence, now: Date): PilotFlag | null {
  // Gap closure waits on plan items with their own due dates (the overdue flag), not on review activity.
  if (!review || pilot.stage === 'pre_production') return null;
  if (now.getTime() - review.lastActivityAt.getTime() < c.staleAfterMs) return null;
  const missing = missingRoles(review);
  const out = missing.length > 0 ? `the missing answers (${rolesText(missing)})` : "the sponsor's decision";
  return {
    kind: 'stale',
    since: new Date(review.lastActivityAt.getTime() + c.staleAfterMs),
    detail: `Stale: no review activity since ${isoDay(review.lastActivityAt)}. To get out: ${out}.`,
  };
}

function overrunningFlag(pilot: FlagPilot, review: FlagReview | null, now: Date): PilotFlag | null {
  if (kpiConfirmed(review) || isoDay(now) <= pilot.plannedKpiValidationDate) return null;
  const missing = missingRoles(review);
  const answers = missing.length > 0 ? ` (missing answers: ${rolesText(missing)})` : '';
  return {
    kind: 'overrunning',
    since: dayAfter(pilot.plannedKpiValidationDate),
    detail: `Overrunning: past its planned KPI-validation date (${pilot.plannedKpiValidationDate}) without validated KPIs. To get out: KPI results on representative data${answers}, or a decision to stop.`,
  };
}

function overdueFlag(items: FlagPlanItem[], now: Date): PilotFlag | null {
  const today = isoDay(now);
  const overdue = items.filter((i) => !i.doneAt && i.dueDate < today).map((i) => i.dueDate);
  if (overdue.length === 0) return null;
  const earliest = overdue.sort()[0] as string;
  const n = overdue.length;
  return {
    kind: 'overdue',
    since: dayAfter(earliest),
    detail: `Overdue: ${n} gap-closure plan ${n === 1 ? 'item' : 'items'} past due (earliest ${earliest}). To get out: ${n === 1 ? 'its owner finishes it and marks it' : 'their owners finish them and mark them'} done.`,
  };
}

/**
 * The flags a pilot carries at `now`, in a fixed order. Pilots past the scale decision
 * (production, paused, terminated) carry none. Each flag's `since` and `detail` are stable from one
 * scan to the next, so a scan rewrites a pilot only when something really changed.
 */
export function assessFlags(
  pilot: FlagPilot,
  review: FlagReview | null,
  planItems: FlagPlanItem[],
  cadence: FlagCadence,
  now: Date,
): PilotFlag[] {
  if (!UNDECIDED_STAGES.includes(pilot.stage)) return [];
  return [
    purgatoryFlag(pilot, review, cadence, now),
    staleFlag(pilot, review, cadence, now),
    overrunningFlag(pilot, review, now),
    overdueFlag(planItems, now),
  ].filter((f): f is PilotFlag => f !== null);
}

/** Flags in `after` that cross into *at risk* or *in purgatory* (absent from `before`): each gets one alert. */
export function crossings(before: readonly PilotFlag[], after: readonly PilotFlag[]): PilotFlag[] {
  return after.filter((f) => ALERT_KINDS.includes(f.kind) && !before.some((b) => b.kind === f.kind));
}

/** The next steps an alert offers: *Remind* while answers are missing, *Record decision* once one is possible. */
export interface AlertSteps {
  remind: boolean;
  decide: boolean;
}

/** Answers are missing while a signal is pending; a decision is possible once the operational lead answered. */
export function alertSteps(
  review: { statuses: readonly { status: string }[]; answeredRoles: readonly RoleId[] } | undefined,
): AlertSteps {
  if (!review) return { remind: false, decide: false };
  return {
    remind: review.statuses.some((s) => s.status === 'pending'),
    decide: review.answeredRoles.includes('operational_lead'),
  };
}

/** The once-only key of the sponsor's DM that goes with a channel alert. */
export const sponsorAlertKey = (pilotId: string, flag: PilotFlag): string => `${alertKey(pilotId, flag)}:sponsor`;

/** Same flags, same order, same since and detail: nothing to write. */
export function sameFlags(a: readonly PilotFlag[], b: readonly PilotFlag[]): boolean {
  return (
    a.length === b.length &&
    a.every((f, i) => {
      const g = b[i];
      return (
        !!g && g.kind === f.kind && g.detail === f.detail && new Date(g.since).getTime() === new Date(f.since).getTime()
      );
    })
  );
}

/** The dedupe key of a crossing's channel alert: once per pilot, flag and crossing date. */
export const alertKey = (pilotId: string, flag: PilotFlag): string =>
  `purgatory:${pilotId}:${flag.kind}:${isoDay(new Date(flag.since))}`;

// ------------------------------------------------------------------ incremental daily scan

/**
 * The UTC day on which a pilot's flags next change with no write at all: the earliest of the moments
 * it crosses into at risk, into purgatory, goes stale, overruns its KPI-validation date or has a plan
 * item fall overdue. SCAN_NEVER when none lies ahead. Writes (answers, decisions, plan items) mark the
 * pilot SCAN_NOW instead, so the scan only reads the pilots that are due.
 */
export function nextScanDay(
  pilot: FlagPilot,
  review: FlagReview | null,
  planItems: FlagPlanItem[],
  c: FlagCadence,
  now: Date,
): string {
  if (!UNDECIDED_STAGES.includes(pilot.stage)) return SCAN_NEVER;
  const moments: number[] = [];
  const since = promisingSince(pilot, review);
  if (since) moments.push(since.getTime() + c.purgatoryWarnAfterMs, since.getTime() + c.purgatoryAfterMs);
  if (review && pilot.stage !== 'pre_production') moments.push(review.lastActivityAt.getTime() + c.staleAfterMs);
  if (!kpiConfirmed(review)) moments.push(dayAfter(pilot.plannedKpiValidationDate).getTime());
  for (const item of planItems) if (!item.doneAt) moments.push(dayAfter(item.dueDate).getTime());
  const ahead = moments.filter((m) => Number.isFinite(m) && m > now.getTime());
  return ahead.length === 0 ? SCAN_NEVER : isoDay(new Date(Math.min(...ahead)));
}

/**
 * The `scanDueOn` days a scan on `today` covers after one on `lastScanDay`: every day from the last
 * scan's (a pilot due later that day was not due yet then) through today. Null when the previous scan
 * is too long ago (or its day makes no sense): then every pilot is read.
 */
export function scanDays(lastScanDay: string, today: string): string[] | null {
  const from = Date.parse(`${lastScanDay}T00:00:00Z`);
  const to = Date.parse(`${today}T00:00:00Z`);
  if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) return null;
  if ((to - from) / DAY_MS > MAX_CATCH_UP_DAYS) return null;
  const days: string[] = [];
  for (let t = from; t <= to; t += DAY_MS) days.push(isoDay(new Date(t)));
  return days;
}

/** What the scan's thresholds are: a change (settings, environment) means every pilot is re-read. */
export const cadenceKey = (c: FlagCadence): string =>
  `${c.staleAfterMs}/${c.purgatoryWarnAfterMs}/${c.purgatoryAfterMs}`;
