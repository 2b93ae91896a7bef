import mongoose from 'mongoose';
import { AuditEventModel } from '../../src/features/audit/audit.model.js';
import { AuditRepo } from '../../src/features/audit/audit.repo.js';
import { resetDatabase, useTestDatabase } from '../support/test-db.js';
import { describeAuditTrailContract } from './audit-trail.contract.js';

useTestDatabase();
const col = (name: string) => mongoose.connection.collection(name);

describeAuditTrailContract('AuditRepo on the test database', async () => {
  await AuditEventModel.init();
  await resetDatabase();
  return {
    trail: new AuditRepo(undefined, { hmacKey: 'contract-test-audit-hmac-key-0123456789' }),
    // The chain heads live on the review and workspace settings documents, which exist before the first event.
    newChain: async (teamId) => {
      const _id = new mongoose.Types.ObjectId();
      await col('reviews').insertOne({ _id, teamId, pilotId: `p-${_id}`, outcome: 'collecting' });
      return String(_id);
    },
    newWorkspace: async (teamId) => {
      await col('workspace_settings').insertOne({ teamId, overrides: {}, gateAdmins: [] });
    },
  };
});
