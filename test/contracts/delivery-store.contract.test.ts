import { DeliveryModel } from '../../src/features/delivery/delivery.model.js';
import { DeliveryRepo } from '../../src/features/delivery/delivery.repo.js';
import { resetDatabase, useTestDatabase } from '../support/test-db.js';
import { describeDeliveryStoreContract } from './delivery-store.contract.js';

useTestDatabase();

describeDeliveryStoreContract('DeliveryRepo on the test database', async () => {
  await DeliveryModel.init();
  await resetDatabase();
  return new DeliveryRepo();
});
