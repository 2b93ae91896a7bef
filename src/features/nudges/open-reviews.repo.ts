import type { Model } from 'mongoose';
import type { PilotStage } from '../../core/catalog.domain.js';
import { toEntity } from '../../db/to-entity.js';
import { PilotModel } from '../pilots/pilot.model.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { ReviewModel } from '../reviews/review.model.js';
import type { Review } from '../reviews/review.types.js';

export interface PilotWithReview {
  pilot: Pilot;
  review: Review;
}

const PAGE = 200;

/**
 * Pilots in the given stages across every workspace, each with its review, read a page at a time
 * (two queries per page: the database has no $lookup). For sweeps that visit every open review.
 */
export class OpenReviewsRepo {
  constructor(
    private readonly pilots: Model<unknown> = PilotModel as Model<unknown>,
    private readonly reviews: Model<unknown> = ReviewModel as Model<unknown>,
  ) {}

  async *inStages(stages: PilotStage[]): AsyncGenerator<PilotWithReview> {
    let after: unknown;
    for (;;) {
      const page = await this.pilots
        .find({ stage: { $in: stages }, ...(after ? { _id: { $gt: after } } : {}) })
        .sort({ _id: 1 })
        .limit(PAGE)
        .lean<Array<{ _id: unknown }>>();
      if (page.length === 0) return;
      after = page[page.length - 1]?._id;
      const pilots = page.map((d) => toEntity<Pilot>(d));
      const reviews = await this.reviews.find({ pilotId: { $in: pilots.map((p) => p.id) } }).lean();
      const byPilot = new Map(reviews.map((r) => toEntity<Review>(r)).map((r) => [`${r.teamId}:${r.pilotId}`, r]));
      for (const pilot of pilots) {
        const review = byPilot.get(`${pilot.teamId}:${pilot.id}`);
        if (review) yield { pilot, review };
      }
      if (page.length < PAGE) return;
    }
  }
}
