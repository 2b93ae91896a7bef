import { describe, expect, it } from 'vitest';
import { mayPurge, purgeAfter } from '../../../../src/features/lifecycle/lifecycle.policy.js';

const DAY = 24 * 60 * 60 * 1000;
const uninstalledAt = new Date('2026-11-01T12:00:00Z');
const record = { purgeAfter: purgeAfter(uninstalledAt, 30 * DAY) };

describe('uninstall retention', () => {
  it('ends the retention exactly UNINSTALL_RETENTION after the uninstall', () => {
    expect(record.purgeAfter.toISOString()).toBe('2026-12-01T12:00:00.000Z');
  });

  it('purges only a still-uninstalled workspace whose retention is over', () => {
    expect(mayPurge(record, false, new Date('2026-12-01T11:59:59Z'))).toEqual({
      purge: false,
      why: 'retention not over yet',
    });
    expect(mayPurge(record, false, new Date('2026-12-01T12:00:00Z'))).toEqual({ purge: true });
    expect(mayPurge(record, true, new Date('2027-01-01T00:00:00Z'))).toEqual({ purge: false, why: 'installed again' });
    expect(mayPurge(null, false, new Date('2027-01-01T00:00:00Z'))).toMatchObject({ purge: false });
  });
});
