import { PlanItemRepo } from '../../src/features/reviews/plan-item.repo.js';
import { PlanItemModel } from '../../src/features/reviews/review.model.js';
import { resetDatabase, useTestDatabase } from '../support/test-db.js';
import { describePlanItemStoreContract } from './plan-item-store.contract.js';

useTestDatabase();

describePlanItemStoreContract('PlanItemRepo on the test database', async () => {
  await PlanItemModel.init();
  await resetDatabase();
  return new PlanItemRepo();
});
