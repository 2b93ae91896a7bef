/**
 * A duration as people choose it in the settings form (a whole number and a unit) and as the cadence
 * stores it (milliseconds), both ways, plus the words for it ("2 days").
 */
import { plural } from '../../core/glossary.domain.js';

export const DURATION_UNITS = [
  { value: 'minutes', one: 'minute', ms: 60_000 },
  { value: 'hours', one: 'hour', ms: 3_600_000 },
  { value: 'days', one: 'day', ms: 86_400_000 },
  { value: 'weeks', one: 'week', ms: 604_800_000 },
] as const;
/** Seconds only exist for cadences shorter than a minute (tests and demos); the form offers them only then. */
const SECONDS = { value: 'seconds', one: 'second', ms: 1_000 } as const;
const ALL_UNITS = [SECONDS, ...DURATION_UNITS] as const;
export type DurationUnit = (typeof ALL_UNITS)[number]['value'];

/** A duration as the form holds it. */
export interface DurationChoice {
  amount: number;
  unit: DurationUnit;
}

export function isDurationUnit(value: string): value is DurationUnit {
  return ALL_UNITS.some((u) => u.value === value);
}

/** The units the form offers: seconds only when a value in force needs them. */
export function unitsFor(withSeconds: boolean): readonly (typeof ALL_UNITS)[number][] {
  return withSeconds ? ALL_UNITS : DURATION_UNITS;
}

/** The largest unit that holds `ms` a whole number of times: 14 days is 2 weeks, 90 days stays 90 days. */
export function choiceFromMs(ms: number): DurationChoice {
  for (const unit of [...ALL_UNITS].reverse()) {
    if (ms >= unit.ms && ms % unit.ms === 0) return { amount: ms / unit.ms, unit: unit.value };
  }
  return { amount: Math.max(1, Math.round(ms / 1_000)), unit: 'seconds' };
}

export function msFromChoice({ amount, unit }: DurationChoice): number {
  return amount * (ALL_UNITS.find((u) => u.value === unit)?.ms ?? Number.NaN);
}

/** The duration in words: "2 days", "1 week", "90 days". */
export function describeDuration(ms: number): string {
  const { amount, unit } = choiceFromMs(ms);
  const found = ALL_UNITS.find((u) => u.value === unit) ?? SECONDS;
  return plural(amount, found.one, found.value);
}
