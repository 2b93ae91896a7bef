import mongoose from 'mongoose';
import { describe, expect, inject, it } from 'vitest';
import { startServer } from '../../../src/app/server.js';
import { createLogger } from '../../../src/shared/logger.js';

const env = {
  NODE_ENV: 'test',
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret',
  LOG_LEVEL: 'silent',
  JOB_POLL_INTERVAL: '100ms',
};

describe('worker mode (npm run worker)', () => {
  it('refuses to start without MONGODB_URI, saying why', async () => {
    await expect(startServer({ env, mode: 'worker', logger: createLogger('silent') })).rejects.toThrow(
      /npm run worker needs MONGODB_URI/,
    );
  });

  it('runs the jobs without an HTTP server and stops cleanly', async () => {
    const worker = await startServer({
      env: { ...env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: `w_${process.pid}` },
      mode: 'worker',
      logger: createLogger('silent'),
    });
    try {
      expect(worker.port).toBe(0);
      const scheduled = await mongoose.connection.collection('agendaJobs').distinct('name', { type: 'single' });
      expect(scheduled.sort()).toEqual(
        (await import('../../../src/app/job-registry.js'))
          .registeredJobs(worker.deps)
          .filter((j) => j.every !== 'on-demand')
          .map((j) => j.name)
          .sort(),
      );
      await mongoose.connection.dropDatabase();
    } finally {
      await worker.stop();
    }
    expect(mongoose.connection.readyState).toBe(0);
  });
});
