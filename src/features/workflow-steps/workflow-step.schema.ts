import { z } from 'zod';
import { ROLE_IDS, ROLE_LABELS } from '../../core/catalog.domain.js';

/**
 * The inputs of the Workflow Builder steps as Slack sends them (slack-manifest.yml `functions`). Each
 * message says what to fix; the step's error names the input in front of it ("regulated: …").
 */
const text = (what: string) => z.string({ error: what }).trim().min(1, { error: what });
const user = (what: string) => z.string({ error: what }).regex(/^[UW][A-Z0-9]+$/, { error: what });

const people = Object.fromEntries(
  ROLE_IDS.map((role) => [role, user(`Pick the ${ROLE_LABELS[role].toLowerCase()} (a person in this workspace)`)]),
) as Record<(typeof ROLE_IDS)[number], z.ZodString>;

export const OpenReviewInputs = z.object({
  pilot_name: text('Give the pilot a name'),
  channel: z
    .string({ error: 'Pick the channel the review card is posted in' })
    .regex(/^[CG][A-Z0-9]+$/, { error: 'Pick the channel the review card is posted in' }),
  ...people,
  kpi_validation_date: z
    .string({ error: 'Pick the date the KPIs will be validated (YYYY-MM-DD)' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Pick the date the KPIs will be validated (YYYY-MM-DD)' }),
  kpis: z.string({ error: 'Add at least one KPI, one per line: Name | baseline | target' }),
  kill_criteria: z.string({ error: 'Write the kill criteria now, before results arrive' }),
  scale_criteria: z.string({ error: 'Write the scale criteria now, before results arrive' }),
  regulated: z.boolean({ error: 'Say whether the use case is in a regulated industry (true or false)' }),
  use_case: z.string().optional(),
  business_unit: z.string().optional(),
  opened_by: user('Name who registers the pilot (usually the person who used this workflow)'),
});
export type OpenReviewInputs = z.infer<typeof OpenReviewInputs>;

export const GateStatusInputs = z.object({
  pilot_name: text('Name the pilot'),
  asked_by: user('Name who asks (usually the person who used this workflow)'),
});
export type GateStatusInputs = z.infer<typeof GateStatusInputs>;
