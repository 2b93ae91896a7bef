import type { ModalView } from '@slack/types';
import { ROLE_IDS, ROLE_LABELS } from '../../core/catalog.domain.js';
import { header, input, mrkdwn, option, plain, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { RegistrationField as F, NAME_MAX, type RegistrationDraft } from './pilot.domain.js';

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

/** The `/gate start` registration modal; `draft` pre-fills it (the name from the command text). */
export function registrationModal(draft: Partial<RegistrationDraft>, metadata: string): ModalView {
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
      text(F.kpis, 'KPIs (one per line: Name | baseline | target)', draft.kpisText ?? '', {
        multiline: true,
        max: 2000,
        placeholder: 'Invoice cycle time | 4.2 days | 1 day',
        hint: 'Measured on data representative of production, not a curated subset.',
      }),
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
        elements: [mrkdwn('One person may hold several roles. Every role needs a person before the review opens.')],
      },
      ...ROLE_IDS.map((role) =>
        input(
          F.role(role),
          ROLE_LABELS[role],
          {
            type: 'users_select',
            action_id: Ids.input,
            ...(draft.stakeholders?.[role] ? { initial_user: draft.stakeholders[role] as string } : {}),
          },
          { hint: ROLE_HINTS[role] },
        ),
      ),
    ],
  };
}
