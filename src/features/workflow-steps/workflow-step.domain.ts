/**
 * Workflow Builder steps, the pure part: inputs to a registration draft, registration errors back to the
 * input names a workflow builder sees, and a review as the status step's outputs.
 */
import {
  ROLE_IDS,
  ROLE_LABELS,
  type RoleId,
  SIGNAL_IDS,
  type SignalId,
  STAGE_LABELS,
} from '../../core/catalog.domain.js';
import { STATUS_WORDS } from '../../core/glossary.domain.js';
import type { RegistrationDraft } from '../pilots/pilot.domain.js';
import { RegistrationField } from '../pilots/pilot.domain.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { OUTCOME_LABELS } from '../reviews/outcome.domain.js';
import type { Review, StoredSignalStatus } from '../reviews/review.types.js';
import type { OpenReviewInputs } from './workflow-step.schema.js';

/** The registration form filled from the step's inputs: the same draft the modal produces. */
export function draftFromInputs(inputs: OpenReviewInputs): RegistrationDraft {
  return {
    name: inputs.pilot_name,
    useCase: inputs.use_case ?? '',
    businessUnit: inputs.business_unit ?? '',
    plannedKpiValidationDate: inputs.kpi_validation_date,
    kpisText: inputs.kpis,
    killCriteria: inputs.kill_criteria,
    scaleCriteria: inputs.scale_criteria,
    regulated: inputs.regulated,
    stakeholders: Object.fromEntries(ROLE_IDS.map((role) => [role, inputs[role]])) as Record<RoleId, string>,
  };
}

/** The registration modal's block ids → the step's input names, in the manifest's order. */
const INPUT_OF_FIELD: Record<string, string> = {
  [RegistrationField.name]: 'pilot_name',
  ...Object.fromEntries(ROLE_IDS.map((role) => [RegistrationField.role(role), role])),
  [RegistrationField.kpiDate]: 'kpi_validation_date',
  [RegistrationField.kpis]: 'kpis',
  [RegistrationField.kill]: 'kill_criteria',
  [RegistrationField.scale]: 'scale_criteria',
  [RegistrationField.regulated]: 'regulated',
  [RegistrationField.useCase]: 'use_case',
  [RegistrationField.businessUnit]: 'business_unit',
};
const INPUT_ORDER = Object.values(INPUT_OF_FIELD);

/** "input: what to fix." for each error, in input order; errors are keyed by block id or input name. */
export function inputErrorMessage(errors: Record<string, string>): string {
  const byInput = Object.entries(errors).map(([key, text]) => ({ input: INPUT_OF_FIELD[key] ?? key, text }));
  const rank = (input: string) => (INPUT_ORDER.includes(input) ? INPUT_ORDER.indexOf(input) : INPUT_ORDER.length);
  return byInput
    .sort((a, b) => rank(a.input) - rank(b.input))
    .map(({ input, text }) => `${input}: ${text.replace(/[.\s]+$/, '')}.`)
    .join(' ');
}

/** One signal in words: "Conditional — <the reason that drove it> (assessors disagree)". */
export function signalText(s: StoredSignalStatus): string {
  const waiting = s.awaiting.length ? `awaiting ${s.awaiting.map((r) => ROLE_LABELS[r]).join(', ')}` : '';
  const reason = s.reasons[0] ?? waiting;
  const split = s.disagreement ? ' (assessors disagree)' : '';
  return `${STATUS_WORDS[s.status]}${reason ? ` — ${reason}` : ''}${split}`;
}

export type GateStatusOutputs = { outcome: string; stage: string; review_link?: string } & Record<SignalId, string>;

/** The status step's outputs: the same data `/gate status` shows on the card. */
export function gateStatusOutputs(pilot: Pilot, review: Review, reviewLink?: string): GateStatusOutputs {
  const bySignal = new Map(review.statuses.map((s) => [s.signal, s]));
  const signals = Object.fromEntries(
    SIGNAL_IDS.map((signal) => {
      const s = bySignal.get(signal);
      return [signal, s ? signalText(s) : STATUS_WORDS.pending];
    }),
  ) as Record<SignalId, string>;
  return {
    outcome: OUTCOME_LABELS[review.outcome],
    stage: STAGE_LABELS[pilot.stage],
    ...signals,
    ...(reviewLink ? { review_link: reviewLink } : {}),
  };
}
