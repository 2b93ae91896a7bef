import type { Logger } from '../../shared/logger.js';
import { localDay } from '../../shared/time.js';
import type { Notifier } from '../../slack/notifier.js';
import type { SlackClients } from '../../slack/slack-clients.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { PilotAudience } from '../pilots/pilot-audience.service.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { PlanItem } from '../reviews/review.types.js';
import { buildHomeModel } from './home.domain.js';
import type { HomeRepo } from './home.repo.js';
import { homeView } from './home.views.js';

export interface HomeServiceDeps {
  pilots: PilotStore;
  reviews: ReviewStore;
  home: HomeRepo;
  notifier: Notifier;
  clients: SlackClients;
  clock: { now(): Date };
  logger: Logger;
  audience: Pick<PilotAudience, 'session'>;
}

/**
 * Publishes each person's Home tab. Three queries per render whatever the number of pilots (pilots,
 * their reviews, the person's open plan items); no query per pilot and no $lookup.
 */
export class HomeService {
  constructor(private readonly d: HomeServiceDeps) {}

  /** Renders and publishes `userId`'s Home; `opened` records the visit (first one gets the welcome). */
  async publish(teamId: string, userId: string, opts: { opened?: boolean } = {}): Promise<void> {
    const now = this.d.clock.now();
    const firstVisit = opts.opened ? await this.d.home.recordVisit(teamId, userId, now) : false;
    const profile = await this.d.notifier.userProfile(teamId, userId).catch(() => ({ tz: 'UTC' }));
    const [all, planItems] = await Promise.all([
      this.d.pilots.listForTeam(teamId),
      this.d.home.openPlanItems(teamId, userId),
    ]);
    // Private channels' pilots only for insiders and members, and for whoever owns an open plan item on one.
    const owes = new Set(planItems.map((i) => i.pilotId));
    const visible = new Set((await this.d.audience.session(teamId).visible(all, userId)).map((p) => p.id));
    const pilots = all.filter((p) => visible.has(p.id) || owes.has(p.id));
    const reviews = await this.d.reviews.byPilots(
      teamId,
      pilots.map((p) => p.id),
    );
    const model = buildHomeModel({ userId, pilots, reviews, planItems, today: localDay(now, profile.tz) });
    const client = await this.d.clients.forTeam(teamId);
    await client.views.publish({ user_id: userId, view: homeView(model, { now, tz: profile.tz, firstVisit }) });
  }

  /** Re-publishes the Home of those of `userIds` who use it; one failure never stops the others. */
  async refreshFor(teamId: string, userIds: string[]): Promise<void> {
    const visitors = await this.d.home.visitors(teamId, [...new Set(userIds)]);
    for (const userId of visitors) {
      await this.publish(teamId, userId).catch((err: unknown) =>
        this.d.logger.warn({ err, teamId, userId }, 'could not refresh the Home tab'),
      );
    }
  }

  /**
   * After a pilot's card changed: everyone who might owe something on it (roles, registrant, plan owners).
   * `planItems`: the review's plan items when the caller already read them (the card did), else read here.
   */
  async refreshForPilot(pilot: Pilot, reviewId?: string, planItems?: Pick<PlanItem, 'ownerId'>[]): Promise<void> {
    try {
      const owners = planItems
        ? [...new Set(planItems.map((i) => i.ownerId))]
        : reviewId
          ? await this.d.home.planOwners(pilot.teamId, reviewId)
          : [];
      await this.refreshFor(pilot.teamId, [...Object.values(pilot.stakeholders), pilot.createdBy, ...owners]);
    } catch (err) {
      this.d.logger.warn({ err, teamId: pilot.teamId, pilotId: pilot.id }, 'could not refresh Home tabs');
    }
  }
}
