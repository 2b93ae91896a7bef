/**
 * What the decision and plan surfaces receive from Slack, validated with zod: private_metadata,
 * button values and the modal's view.state.values.
 */
import { z } from 'zod';
import { DECISIONS, type Decision, SIGNAL_IDS, type SignalId } from '../../core/catalog.domain.js';
import { ObjectIdText } from '../../core/ids.js';
import { type DecisionDraft, DecisionField, MONITORED_METRICS } from './decision.domain.js';

/** The decision modal's private_metadata: the review and the round the modal was opened for. */
export const DecisionMetadata = z.object({ reviewId: ObjectIdText, round: z.number().int().min(1) });
export type DecisionMetadata = z.infer<typeof DecisionMetadata>;

export const DecisionChoice = z.enum(DECISIONS);

const StateValue = z
  .object({
    value: z.string().nullish(),
    selected_date: z.string().nullish(),
    selected_user: z.string().nullish(),
    selected_users: z.array(z.string()).nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
  })
  .loose();
export const DecisionStateValues = z.record(z.string(), z.record(z.string(), StateValue));
export type DecisionStateValues = z.infer<typeof DecisionStateValues>;

type Value = z.infer<typeof StateValue>;

/** Reads a block's single input; the radio's action id is its own, every other input's is `v`. */
const read = (values: DecisionStateValues, blockId: string): Value | undefined => {
  const block = values[blockId];
  return block ? Object.values(block)[0] : undefined;
};

/** The decision picked in the radio (or null when none or an unknown value). */
export function readChoice(values: DecisionStateValues): Decision | null {
  const parsed = DecisionChoice.safeParse(read(values, DecisionField.choice)?.selected_option?.value);
  return parsed.success ? parsed.data : null;
}

/** The signals the modal had plan fields for (its `plan.<signal>.action` blocks), in catalog order. */
export function planSignalsIn(values: DecisionStateValues): SignalId[] {
  return SIGNAL_IDS.filter((s) => values[DecisionField.planAction(s)] !== undefined);
}

/** Parses a typed amount; empty is "no investment given", anything unparsable becomes NaN for the rules. */
function amount(text: string | null | undefined): number | undefined {
  const t = text?.trim().replace(/[,_\s]/g, '');
  if (!t) return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** Reads the whole modal into a draft; the rules decide what is missing or wrong. */
export function readDecisionState(values: DecisionStateValues, planSignals: readonly SignalId[]): DecisionDraft {
  const text = (blockId: string) => read(values, blockId)?.value ?? '';
  const thresholds = Object.fromEntries(MONITORED_METRICS.map((m) => [m, text(DecisionField.threshold(m))]));
  return {
    decision: readChoice(values),
    reason: text(DecisionField.reason),
    planItems: planSignals.map((signal) => {
      const investment = amount(read(values, DecisionField.planInvestment(signal))?.value);
      return {
        signal,
        action: text(DecisionField.planAction(signal)).trim(),
        ownerId: read(values, DecisionField.planOwner(signal))?.selected_user ?? '',
        dueDate: read(values, DecisionField.planDue(signal))?.selected_date ?? '',
        ...(investment !== undefined ? { investment } : {}),
      };
    }),
    monitoring: {
      thresholds,
      incidentDeciders: read(values, DecisionField.incidentDeciders)?.selected_users ?? [],
      incidentNotes: text(DecisionField.incidentNotes),
    },
  };
}
