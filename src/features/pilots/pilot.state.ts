import { z } from 'zod';
import { ROLE_IDS, type RoleId } from '../../core/catalog.domain.js';
import { RegistrationField as F, KPI_ROWS_MAX, type KpiRowDraft, type RegistrationDraft } from './pilot.domain.js';

/** The subset of `view.state.values` we read; anything else Slack sends is ignored. */
const StateValue = z
  .object({
    value: z.string().nullish(),
    selected_date: z.string().nullish(),
    selected_user: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
  })
  .loose();
export const ViewStateValues = z.record(z.string(), z.record(z.string(), StateValue));
export type ViewStateValues = z.infer<typeof ViewStateValues>;

const read = (values: ViewStateValues, blockId: string) => values[blockId]?.v;

/** The KPI rows present in the state, in order; undefined for a form opened before KPI rows (one text field). */
function readKpiRows(values: ViewStateValues): KpiRowDraft[] | undefined {
  const rows: KpiRowDraft[] = [];
  for (let i = 0; i < KPI_ROWS_MAX; i++) {
    if (!values[F.kpi(i, 'name')]) break;
    const text = (part: 'name' | 'baseline' | 'target' | 'unit') => read(values, F.kpi(i, part))?.value ?? '';
    rows.push({ name: text('name'), baseline: text('baseline'), target: text('target'), unit: text('unit') });
  }
  return rows.length > 0 || !values[F.kpis] ? rows : undefined;
}

const kpis = (values: ViewStateValues): Pick<RegistrationDraft, 'kpiRows' | 'kpisText'> => {
  const rows = readKpiRows(values);
  return rows ? { kpiRows: rows } : { kpisText: read(values, F.kpis)?.value ?? '' };
};

/** The users picked in the role fields (`RegistrationField.role`), null where a role is empty. */
export const readStakeholders = (values: ViewStateValues): Record<RoleId, string | null> =>
  Object.fromEntries(ROLE_IDS.map((r) => [r, read(values, F.role(r))?.selected_user ?? null])) as Record<
    RoleId,
    string | null
  >;

/** The gate admin's exception reason as typed ('' when the field is empty or not shown). */
export const readExceptionReason = (values: ViewStateValues): string =>
  read(values, F.separationException)?.value ?? '';

/** Reads the registration modal's state into a draft; validation happens in the domain. */
export function readRegistrationState(values: ViewStateValues): RegistrationDraft {
  const regulated = read(values, F.regulated)?.selected_option?.value;
  return {
    name: read(values, F.name)?.value ?? '',
    useCase: read(values, F.useCase)?.value ?? '',
    businessUnit: read(values, F.businessUnit)?.value ?? '',
    plannedKpiValidationDate: read(values, F.kpiDate)?.selected_date ?? null,
    ...kpis(values),
    killCriteria: read(values, F.kill)?.value ?? '',
    scaleCriteria: read(values, F.scale)?.value ?? '',
    regulated: regulated === 'yes' ? true : regulated === 'no' ? false : null,
    stakeholders: readStakeholders(values),
    separationException: readExceptionReason(values),
  };
}
