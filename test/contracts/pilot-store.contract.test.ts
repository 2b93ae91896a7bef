import { PilotModel } from '../../src/features/pilots/pilot.model.js';
import { PilotRepo } from '../../src/features/pilots/pilot.repo.js';
import { InMemoryPilotStore } from '../support/fakes/in-memory-pilot-store.js';
import { resetDatabase, useTestDatabase } from '../support/test-db.js';
import { describePilotStoreContract } from './pilot-store.contract.js';

useTestDatabase();

describePilotStoreContract('PilotRepo on the test database', async () => {
  await PilotModel.init();
  await resetDatabase();
  return new PilotRepo();
});

describePilotStoreContract('InMemoryPilotStore', async () => new InMemoryPilotStore());
