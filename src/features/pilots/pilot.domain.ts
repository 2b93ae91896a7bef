import { ROLE_IDS, ROLE_LABELS, type RoleId } from '../../core/catalog.domain.js';
import { RegistrationField } from '../../slack/ids.js';
import type { Kpi } from './pilot.types.js';

export const NAME_MAX = 80;

/** The registration form as typed, before validation. */
export interface RegistrationDraft {
  name: string;
  useCase: string;
  businessUnit: string;
  plannedKpiValidationDate: string | null;
  /** The KPIs as typed in the modal's rows; when absent, `kpisText` is parsed instead. */
  kpiRows?: KpiRowDraft[];
  /** The KPIs as text, `Name | baseline | target` per line (the command line and forms opened before KPI rows). */
  kpisText?: string;
  killCriteria: string;
  scaleCriteria: string;
  regulated: boolean | null;
  stakeholders: Partial<Record<RoleId, string | null>>;
  /** A gate admin's reason for an exception to separation of duties ('' or absent: none). */
  separationException?: string;
}

export interface ValidRegistration {
  name: string;
  nameKey: string;
  useCase: string;
  businessUnit: string;
  plannedKpiValidationDate: string;
  kpis: Kpi[];
  killCriteria: string;
  scaleCriteria: string;
  regulated: boolean;
  stakeholders: Record<RoleId, string>;
}

/** One KPI row of the registration modal, as typed ('' for an empty field). */
export interface KpiRowDraft {
  name: string;
  baseline: string;
  target: string;
  unit: string;
}

/** The registration modal holds at most this many KPI rows. */
export const KPI_ROWS_MAX = 10;
/** The longest KPI name, baseline or target, and unit the modal accepts. */
export const KPI_MAX = { name: 150, value: 100, unit: 40 } as const;

/** A value with its unit: "12" + "minutes" is "12 minutes", "20" + "%" is "20%". */
function withUnit(value: string, unit: string): string {
  if (!unit) return value;
  return /^\p{L}/u.test(unit) ? `${value} ${unit}` : `${value}${unit}`;
}

/**
 * The KPIs of the modal's rows: empty rows are skipped, a half-filled row gets an error on each
 * field still to fill, keyed by its block id; no filled row at all asks for one on the first row.
 */
export function kpisFromRows(rows: KpiRowDraft[]): { kpis: Kpi[] } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kpis: Kpi[] = [];
  for (const [i, row] of rows.entries()) {
    const [name, baseline, target, unit] = [row.name, row.baseline, row.target, row.unit].map((v) => v.trim()) as [
      string,
      string,
      string,
      string,
    ];
    if (!name && !baseline && !target && !unit) continue;
    const what = name ? `“${name.slice(0, 40)}”` : `KPI ${i + 1}`;
    if (!name) errors[RegistrationField.kpi(i, 'name')] = `Name KPI ${i + 1} (or clear the row)`;
    if (!baseline)
      errors[RegistrationField.kpi(i, 'baseline')] = `Write the baseline of ${what}, such as 20 (or clear the row)`;
    if (!target)
      errors[RegistrationField.kpi(i, 'target')] = `Write the target of ${what}, such as 60 (or clear the row)`;
    // The modal's max_length holds these; a forged submission gets told the same limits.
    for (const [part, value, max] of [
      ['name', name, KPI_MAX.name],
      ['baseline', baseline, KPI_MAX.value],
      ['target', target, KPI_MAX.value],
      ['unit', unit, KPI_MAX.unit],
    ] as const) {
      if (value.length > max)
        errors[RegistrationField.kpi(i, part)] =
          `Keep the ${part} of KPI ${i + 1} to ${max} characters (it has ${value.length})`;
    }
    if (name && baseline && target)
      kpis.push({ name, baseline: withUnit(baseline, unit), target: withUnit(target, unit) });
  }
  if (Object.keys(errors).length > 0) return { errors };
  if (kpis.length === 0)
    return { errors: { [RegistrationField.kpi(0, 'name')]: 'Add at least one KPI: its name, baseline and target' } };
  return { kpis };
}

/** Its block ids live with every other Slack id in slack/ids.ts; re-exported for the rules that key errors by them. */
export { RegistrationField };

/** Folds a pilot name for uniqueness: case-insensitive, inner white space collapsed. */
export function pilotNameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Removes control characters and collapses white space in a one-line name. */
export function cleanName(name: string): string {
  return name
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

const KPI_SEPARATORS = /\s*\|\s*/;

/**
 * Parses KPI lines written as `Name | baseline | target`. Returns the KPIs or the first
 * problem, naming the line, so the person knows exactly what to fix.
 */
export function parseKpiLines(text: string): { kpis: Kpi[] } | { error: string } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return { error: 'Add at least one KPI, one per line: Name | baseline | target' };
  if (lines.length > 20) return { error: `At most 20 KPIs; you entered ${lines.length}` };
  const kpis: Kpi[] = [];
  for (const [index, line] of lines.entries()) {
    const parts = line.split(KPI_SEPARATORS);
    if (parts.length !== 3 || parts.some((p) => p === '')) {
      return { error: `Line ${index + 1} ("${line.slice(0, 40)}"): write each KPI as Name | baseline | target` };
    }
    const [name, baseline, target] = parts as [string, string, string];
    kpis.push({ name, baseline, target });
  }
  return { kpis };
}

/**
 * Validates a registration against the rules that need no database: required fields, the
 * KPI-validation date not in the past (in the registrant's calendar), KPI lines, all five roles.
 */
export function validateRegistration(
  draft: RegistrationDraft,
  today: string,
): { ok: true; value: ValidRegistration } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = cleanName(draft.name);
  if (!name) errors[RegistrationField.name] = 'Give the pilot a name';
  else if (name.length > NAME_MAX)
    errors[RegistrationField.name] = `Keep the name to ${NAME_MAX} characters (it has ${name.length})`;
  if (!draft.plannedKpiValidationDate) errors[RegistrationField.kpiDate] = 'Pick the date the KPIs will be validated';
  else if (draft.plannedKpiValidationDate < today) errors[RegistrationField.kpiDate] = 'Pick today or a later date';
  const kpis = draft.kpiRows ? kpisFromRows(draft.kpiRows) : parseKpiLines(draft.kpisText ?? '');
  if ('error' in kpis) errors[RegistrationField.kpis] = kpis.error;
  if ('errors' in kpis) Object.assign(errors, kpis.errors);
  if (!draft.killCriteria.trim()) errors[RegistrationField.kill] = 'Write the kill criteria now, before results arrive';
  if (!draft.scaleCriteria.trim())
    errors[RegistrationField.scale] = 'Write the scale criteria now, before results arrive';
  if (draft.regulated === null)
    errors[RegistrationField.regulated] = 'Say whether the use case is in a regulated industry';
  const stakeholders: Partial<Record<RoleId, string>> = {};
  for (const role of ROLE_IDS) {
    const user = draft.stakeholders[role];
    if (user) stakeholders[role] = user;
    else
      errors[RegistrationField.role(role)] =
        `Name the ${ROLE_LABELS[role].toLowerCase()}: every role needs a person before the review opens`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      nameKey: pilotNameKey(name),
      useCase: draft.useCase.trim(),
      businessUnit: draft.businessUnit.trim(),
      plannedKpiValidationDate: draft.plannedKpiValidationDate as string,
      kpis: (kpis as { kpis: Kpi[] }).kpis,
      killCriteria: draft.killCriteria.trim(),
      scaleCriteria: draft.scaleCriteria.trim(),
      regulated: draft.regulated as boolean,
      stakeholders: stakeholders as Record<RoleId, string>,
    },
  };
}

/** The roles each person holds, for people who hold several. */
export function rolesOf(stakeholders: Partial<Record<RoleId, string>>, userId: string): RoleId[] {
  return ROLE_IDS.filter((r) => stakeholders[r] === userId);
}
