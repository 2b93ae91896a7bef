import { z } from 'zod';
import { SIGNAL_IDS } from '../../core/catalog.domain.js';
import { ObjectIdText } from '../../core/ids.js';
import { Review90Field as F, type Review90Draft } from './review90.domain.js';

const StateValue = z
  .object({
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
  })
  .loose();
/** The subset of `view.state.values` the 90-day modal reads. */
export const Review90StateValues = z.record(z.string(), z.record(z.string(), StateValue));
export type Review90StateValues = z.infer<typeof Review90StateValues>;

/** The modal's metadata: only the pilot id (ObjectId hex); everything else is re-read on submit. */
export const Review90Metadata = z.object({ pilotId: ObjectIdText });
export const PilotIdValue = ObjectIdText;

/** Reads the modal's state into a draft; validation happens in the domain. */
export function readReview90State(values: Review90StateValues, kpiCount: number): Review90Draft {
  const read = (blockId: string) => values[blockId]?.v;
  return {
    kpis: Array.from({ length: kpiCount }, (_, i) => ({
      actual: read(F.kpiActual(i))?.value ?? '',
      realised: read(F.kpiRealised(i))?.selected_option?.value ?? null,
    })),
    signals: Object.fromEntries(SIGNAL_IDS.map((s) => [s, read(F.signal(s))?.selected_option?.value ?? null])),
    incidents: read(F.incidents)?.value ?? '',
    lessons: read(F.lessons)?.value ?? '',
  };
}
