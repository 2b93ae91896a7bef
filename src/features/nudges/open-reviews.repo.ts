import type { PilotStage } from '../../core/catalog.domain.js';
import type { PilotSweeps } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { ReviewSweeps } from '../reviews/review.port.js';
import type { Review } from '../reviews/review.types.js';

export interface PilotWithReview {
  pilot: Pilot;
  review: Review;
}

const PAGE = 200;

/**
 * Pilots in the given stages across every workspace, each with its review, read a page at a time
 * (two queries per page: the database has no $lookup). For sweeps that visit every open review.
 * A composition over the owners' ports: the queries are PilotRepo's and ReviewRepo's.
 */
export class OpenReviewsRepo {
  constructor(
    private readonly owners: {
      pilots: Pick<PilotSweeps, 'pageInStages'>;
      reviews: Pick<ReviewSweeps, 'byPilotIdsInAnyTeam'>;
    },
  ) {}

  async *inStages(stages: PilotStage[]): AsyncGenerator<PilotWithReview> {
    let after: string | null = null;
    for (;;) {
      const pilots = await this.owners.pilots.pageInStages(stages, after, PAGE);
      if (pilots.length === 0) return;
      after = pilots[pilots.length - 1]?.id ?? null;
      const reviews = await this.owners.reviews.byPilotIdsInAnyTeam(pilots.map((p) => p.id));
      const byPilot = new Map(reviews.map((r) => [`${r.teamId}:${r.pilotId}`, r]));
      for (const pilot of pilots) {
        const review = byPilot.get(`${pilot.teamId}:${pilot.id}`);
        if (review) yield { pilot, review };
      }
      if (pilots.length < PAGE) return;
    }
  }
}
