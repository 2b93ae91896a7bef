import type { Deps } from '../../deps.js';
import { context, mention } from '../../slack/blocks.js';
import { peopleAwaited } from '../home/waiting.domain.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { SIGNAL_IDS } from '../reviews/catalog.domain.js';
import type { Review } from '../reviews/review.types.js';
import { stakeholderInvite } from '../reviews/stakeholder-dm.views.js';

export interface RemindResult {
  reminded: string[];
  /** Already reminded within the last minute (a double-typed command), or the DM failed. */
  skipped: string[];
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * `/gate remind`: DMs each person who still owes answers the questionnaire invite again, now.
 * At most once per person per minute, across every app instance (the delivery store's unique key).
 */
export async function remindOwing(deps: Deps, pilot: Pilot, review: Review, by: string): Promise<RemindResult> {
  const now = deps.clock.now();
  const manifest = await deps.manifests.get(review.manifestVersion);
  const cadence = await deps.cadenceFor(pilot.teamId);
  const dueDate = isoDay(new Date(now.getTime() + cadence.nudgeEveryMs));
  const result: RemindResult = { reminded: [], skipped: [] };
  for (const { userId, roles } of peopleAwaited(pilot.stakeholders, review)) {
    const signals = SIGNAL_IDS.filter((s) => roles.some((r) => manifest.purview[s].assessors.includes(r)));
    const invite = stakeholderInvite({ pilot, reviewId: review.id, roles, signals, dueDate });
    const message = {
      text: `Reminder from ${mention(by)}: ${invite.text}`,
      blocks: [context(`🔔 Reminder from ${mention(by)}: your answers are still missing.`), ...invite.blocks],
    };
    const key = `remind:${review.id}:${review.round}:${userId}:${Math.floor(now.getTime() / 60_000)}`;
    try {
      const sent = await deps.repos.deliveries.once(key, pilot.teamId, now, () =>
        deps.notifier.dm(pilot.teamId, userId, message),
      );
      (sent.status === 'sent' ? result.reminded : result.skipped).push(userId);
    } catch (error) {
      deps.logger.warn({ err: error, teamId: pilot.teamId, userId }, 'could not DM a reminder');
      result.skipped.push(userId);
    }
  }
  return result;
}
