import type { KnownBlock, ModalView } from '@slack/types';
import { ROLE_IDS, ROLE_LABELS, type RoleId } from '../../core/catalog.domain.js';
import { actions, button, context, header, input, mrkdwn, option, plain, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { DEFAULT_SEPARATION, type SeparationOfDuties } from '../settings/workspace-settings.domain.js';
import {
  RegistrationField as F,
  KPI_MAX,
  KPI_ROWS_MAX,
  type KpiRowDraft,
  NAME_MAX,
  type RegistrationDraft,
} from './pilot.domain.js';
import { EXCEPTION_REASON_MAX } from './separation-of-duties.domain.js';

const ROLE_HINTS: Record<(typeof ROLE_IDS)[number], string> = {
  executive_sponsor: 'Budget authority; records the decision.',
  operational_lead: 'Leads the business unit that will use the system; owns adoption and the business case.',
  technology_lead: 'Owns infrastructure and data pipelines.',
  governance_lead: 'Owns risk, compliance and the audit trail.',
  change_lead: 'Owns training and workforce adoption.',
};

const text = (
  blockId: string,
  label: string,
  initial: string,
  opts: { multiline?: boolean; max: number; placeholder?: string; hint?: string; optional?: boolean },
) =>
  input(
    blockId,
    label,
    {
      type: 'plain_text_input',
      action_id: Ids.input,
      multiline: opts.multiline ?? false,
      max_length: opts.max,
      ...(initial ? { initial_value: initial.slice(0, opts.max) } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder, 150) } : {}),
    },
    { hint: opts.hint, optional: opts.optional },
  );

const EMPTY_ROW: KpiRowDraft = { name: '', baseline: '', target: '', unit: '' };

/**
 * The KPI rows (the first required, the others optional so an added row may stay empty), then
 * *Add KPI* while there is room for another.
 */
function kpiRows(rows: KpiRowDraft[] = []): KnownBlock[] {
  const shown = (rows.length > 0 ? rows : [EMPTY_ROW]).slice(0, KPI_ROWS_MAX);
  const blocks: KnownBlock[] = [
    header('KPIs'),
    context('Measured on data representative of production, not a curated subset.'),
  ];
  for (const [i, row] of shown.entries()) {
    const optional = i > 0;
    blocks.push(
      text(F.kpi(i, 'name'), `KPI ${i + 1}`, row.name, {
        max: KPI_MAX.name,
        placeholder: 'e.g. Invoice cycle time',
        optional,
      }),
      text(F.kpi(i, 'baseline'), 'Baseline (today)', row.baseline, {
        max: KPI_MAX.value,
        placeholder: 'e.g. 4.2',
        optional,
      }),
      text(F.kpi(i, 'target'), 'Target', row.target, { max: KPI_MAX.value, placeholder: 'e.g. 1', optional }),
      text(F.kpi(i, 'unit'), 'Unit', row.unit, {
        max: KPI_MAX.unit,
        placeholder: 'e.g. days, %, per week',
        optional: true,
      }),
    );
  }
  blocks.push(
    shown.length < KPI_ROWS_MAX
      ? actions(F.kpiActions, [button('Add KPI', Ids.pilot.addKpi)])
      : context(`${KPI_ROWS_MAX} KPIs is the most a pilot can have.`),
  );
  return blocks;
}

/** The five role fields, each a person picker pre-filled with its holder (registration and role changes). */
export function roleInputs(holders: Partial<Record<RoleId, string | null>> = {}): KnownBlock[] {
  return ROLE_IDS.map((role) => {
    const holder = holders[role];
    return input(
      F.role(role),
      ROLE_LABELS[role],
      { type: 'users_select', action_id: Ids.input, ...(holder ? { initial_user: holder } : {}) },
      { hint: ROLE_HINTS[role] },
    );
  });
}

/** What the form says about separation of duties: where it applies, and whether to offer the exception field. */
export interface SeparationForm {
  separation: SeparationOfDuties;
  /** The person is a gate admin: they may record an exception with its reason. */
  admin: boolean;
}

const STAKEHOLDER_NOTE: Record<SeparationOfDuties, string> = {
  regulated:
    'One person may hold several roles. On a regulated pilot, one person may hold at most two roles, and the executive sponsor can’t also be the governance lead. Every role needs a person before the review opens.',
  all: 'One person may hold at most two roles, and the executive sponsor can’t also be the governance lead. Every role needs a person before the review opens.',
  off: 'One person may hold several roles. Every role needs a person before the review opens.',
};

/** The gate admin's field: why these roles may break a separation-of-duties rule (registration and role changes). */
export function exceptionField(reason: string): KnownBlock {
  return text(F.separationException, 'Exception to separation of duties (gate admins)', reason, {
    multiline: true,
    max: EXCEPTION_REASON_MAX,
    placeholder: 'Only if these roles break a rule above: why the exception is acceptable',
    hint: 'Shown on the review card, kept in the audit trail and printed in the decision record.',
    optional: true,
  });
}

/** The `/gate start` registration modal; `draft` pre-fills it (the name from the command text). */
export function registrationModal(
  draft: Partial<RegistrationDraft>,
  metadata: string,
  form: SeparationForm = { separation: DEFAULT_SEPARATION, admin: false },
): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.pilot.registerModal,
    private_metadata: metadata,
    title: plain('Register a pilot', 24),
    submit: plain('Open gate review', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(
        'Register an AI pilot and open its *gate review* in this channel. Write the kill and scale criteria now, before results arrive: they are shown beside the answers when the sponsor decides.',
      ),
      text(F.name, 'Pilot name', draft.name ?? '', { max: NAME_MAX, placeholder: 'e.g. Invoice triage assistant' }),
      text(F.useCase, 'Use case', draft.useCase ?? '', {
        multiline: true,
        max: 1000,
        placeholder: 'What the system does, for whom',
        optional: true,
      }),
      text(F.businessUnit, 'Business unit', draft.businessUnit ?? '', {
        max: 100,
        placeholder: 'e.g. Accounts payable',
        optional: true,
      }),
      input(F.kpiDate, 'Planned KPI-validation date', {
        type: 'datepicker',
        action_id: Ids.input,
        ...(draft.plannedKpiValidationDate ? { initial_date: draft.plannedKpiValidationDate } : {}),
      }),
      ...kpiRows(draft.kpiRows),
      text(F.kill, 'Kill criteria', draft.killCriteria ?? '', {
        multiline: true,
        max: 1000,
        placeholder: 'When do we stop?',
      }),
      text(F.scale, 'Scale criteria', draft.scaleCriteria ?? '', {
        multiline: true,
        max: 1000,
        placeholder: 'What must be true to go to production?',
      }),
      input(F.regulated, 'Regulated industry?', {
        type: 'radio_buttons',
        action_id: Ids.input,
        options: [option('Yes — legal review required', 'yes'), option('No', 'no')],
        ...(draft.regulated === true ? { initial_option: option('Yes — legal review required', 'yes') } : {}),
        ...(draft.regulated === false ? { initial_option: option('No', 'no') } : {}),
      }),
      header('Stakeholders'),
      {
        type: 'context',
        elements: [mrkdwn(STAKEHOLDER_NOTE[form.separation])],
      },
      ...roleInputs(draft.stakeholders),
      ...(form.admin && form.separation !== 'off' ? [exceptionField(draft.separationException ?? '')] : []),
    ],
  };
}
