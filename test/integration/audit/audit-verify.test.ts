import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { AuditRepo } from '../../../src/features/audit/audit.repo.js';
import { auditCsv } from '../../../src/features/audit/audit-export.domain.js';
import { verdictReport, verifyAuditTrails } from '../../../src/features/audit/audit-verify.js';
import { useTestDatabase } from '../../support/test-db.js';

const db = useTestDatabase();
const KEY = 'integration-test-audit-hmac-key-0123456789';
const GOOD = '65f000000000000000000001';
const BAD = '65f000000000000000000002';
const at = new Date('2026-11-25T12:00:00Z');
const event = (teamId: string, reviewId: string, subject: string) => ({
  teamId,
  reviewId,
  at,
  actor: 'U1',
  type: 'answer.saved',
  subject,
  before: null,
  after: { value: subject },
});

describe('audit trail verification', () => {
  it('passes intact chains and names the first broken link of a tampered one', async () => {
    const repo = new AuditRepo(undefined, { hmacKey: KEY });
    await mongoose.connection.collection('reviews').insertMany([
      { _id: new mongoose.Types.ObjectId(GOOD), teamId: 'T1' },
      { _id: new mongoose.Types.ObjectId(BAD), teamId: 'T2' },
    ]);
    await repo.appendMany([event('T1', GOOD, 'a'), event('T1', GOOD, 'b')]);
    await repo.appendMany([event('T2', BAD, 'a'), event('T2', BAD, 'b'), event('T2', BAD, 'c')]);
    await mongoose.connection
      .collection('audit_events')
      .updateOne({ reviewId: BAD, seq: 2 }, { $set: { actor: 'U666' } });
    const results = await verifyAuditTrails(mongoose.connection.db!, {}, { hmacKey: KEY });
    expect(results.map(verdictReport)).toEqual([
      `ok      team T1 review ${GOOD}: 2 events intact, head #2; HMAC verified`,
      `BROKEN  team T2 review ${BAD}: first broken link is event #2 of 3 (event #2 was altered after it was written); HMAC verified`,
    ]);
    expect((await verifyAuditTrails(mongoose.connection.db!, { teamId: 'T1' })).map((r) => r.reviewId)).toEqual([GOOD]);
  });

  it('the script prints the report and exits 1 when a chain is broken', async () => {
    const run = promisify(execFile)('npx', ['tsx', 'scripts/verify-audit.ts', '--team', 'T2'], {
      env: { ...process.env, MONGODB_URI: db.uri(), MONGODB_DB: db.dbName(), AUDIT_HMAC_KEY: KEY },
    });
    const failed = await run.then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('first broken link is event #2 of 3');
    expect(failed?.stdout).toContain('1 audit trails checked, 1 broken');
    expect(failed?.stdout).toContain('HMAC verified');
  }, 30_000);

  it('CSV cells that spreadsheets would run as formulas are kept as text', async () => {
    const events = (await new AuditRepo().forReview('T1', GOOD)).map((e) => ({ ...e, subject: '=HYPERLINK("x")' }));
    expect(auditCsv(events).split('\n')[1]).toContain(`'=HYPERLINK(""x"")`);
  });
});
