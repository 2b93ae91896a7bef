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
  kpisText: string;
  killCriteria: string;
  scaleCriteria: string;
  regulated: boolean | null;
  stakeholders: Partial<Record<RoleId, string | null>>;
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
  const kpis = parseKpiLines(draft.kpisText);
  if ('error' in kpis) errors[RegistrationField.kpis] = kpis.error;
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
