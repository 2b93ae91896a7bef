import { PlanItemRepo } from '../../src/features/reviews/plan-item.repo.js';
import { AnswerModel, ManifestSnapshotModel, ReviewModel } from '../../src/features/reviews/review.model.js';
import { ReviewRepo } from '../../src/features/reviews/review.repo.js';
import { resetDatabase, useTestDatabase } from '../support/test-db.js';
import { describeReviewStoreContract } from './review-store.contract.js';

useTestDatabase();

describeReviewStoreContract('ReviewRepo on the test database', async () => {
  await Promise.all([ReviewModel.init(), AnswerModel.init(), ManifestSnapshotModel.init()]);
  await resetDatabase();
  return new ReviewRepo(new PlanItemRepo());
});
