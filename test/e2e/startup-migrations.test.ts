import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/app/migrations.js';
import { useApp } from '../support/app-harness.js';

useApp();

describe('start-up', () => {
  it('brings a new database to the latest schema version before serving', async () => {
    const marker = await mongoose.connection.collection('schema_version').findOne({ _id: 'schema' as never });
    expect(marker).toMatchObject({ version: MIGRATIONS.at(-1)?.version });
    expect(marker?.appliedAt).toBeInstanceOf(Date);
  });
});
