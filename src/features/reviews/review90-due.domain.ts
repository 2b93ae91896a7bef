import type { Cadence } from '../../config/settings.js';

/**
 * Whether a pilot is due its 90-day review: in production for at least the cadence's review90dAfter.
 * Here, below the 90-day review feature, because the review card offers the button too.
 */
export function review90Due(
  pilot: { stage: string; productionAt?: Date | null },
  cadence: Pick<Cadence, 'review90dAfterMs'>,
  now: Date,
): boolean {
  return (
    pilot.stage === 'production' &&
    !!pilot.productionAt &&
    now.getTime() - pilot.productionAt.getTime() >= cadence.review90dAfterMs
  );
}
