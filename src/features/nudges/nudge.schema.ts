import { z } from 'zod';
import { ObjectIdText } from '../../core/ids.js';

export const SnoozeChoice = z.enum(['1h', '1d', 'date']);
export type SnoozeChoice = z.infer<typeof SnoozeChoice>;

/** Whose nudges a snooze silences: the clicking user's, for this review and round. */
export const SnoozeTarget = z.object({
  reviewId: ObjectIdText,
  round: z.number().int().min(1),
});
export type SnoozeTarget = z.infer<typeof SnoozeTarget>;

/** Overflow option values are `<choice>:<reviewId>:<round>` (well under Slack's 150 characters). */
export function encodeSnooze(choice: SnoozeChoice, target: SnoozeTarget): string {
  return `${choice}:${target.reviewId}:${target.round}`;
}

export const SnoozeValue = z
  .string()
  .regex(/^(1h|1d|date):[^:]{24}:\d{1,4}$/, 'not a snooze choice')
  .transform((v) => {
    const [choice, reviewId, round] = v.split(':') as [SnoozeChoice, string, string];
    return { choice, reviewId, round: Number(round) };
  })
  .pipe(SnoozeTarget.extend({ choice: SnoozeChoice }));

/** The snooze modal's private_metadata. */
export const SnoozeMetadata = SnoozeTarget;

export const SnoozeDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick a date');

/** Sweep jobs take no data; anything else stored with them is a bug worth failing loudly on. */
export const SweepJobData = z.object({}).strict();
