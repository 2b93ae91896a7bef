/**
 * Verifies the tamper-evident audit trails: every review's hash chain, head and HMACs (and each
 * workspace's chain of settings and admin changes), or one workspace's or one chain's. Prints one line
 * per chain and names the first broken link; exits 1 if any is broken.
 *
 *   npx tsx scripts/verify-audit.ts [--team T0123] [--review 65f…]      (or: npm run audit:verify -- …)
 *
 * Reads MONGODB_URI (required), MONGODB_DB (default pilotgate) and the audit key from the environment:
 * AUDIT_HMAC_KEY, else the key the embedded setup generated in DATA_DIR (default .data). Without a key
 * only hashes and heads are checked, and each line says the HMAC was not checked.
 * Each decision record in a trail is re-rendered from the data stored with it and its SHA-256 compared
 * with the one the chain holds: a line per record, and a mismatch counts as broken.
 */
import { runDatabaseTask } from '../src/db/cli-database.js';
import type { ChainedEvent } from '../src/features/audit/audit.domain.js';
import { readAuditKeyFile } from '../src/features/audit/audit-key.js';
import { verdictReport, verifyAuditTrails } from '../src/features/audit/audit-verify.js';
import { RECORD_EVENT, verifyDecisionRecords } from '../src/features/decisions/decision-record.service.js';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

runDatabaseTask(
  'verify-audit',
  async (db) => {
    const teamId = option('team');
    const reviewId = option('review');
    const hmacKey = process.env.AUDIT_HMAC_KEY?.trim() || readAuditKeyFile(process.env.DATA_DIR || '.data');
    const results = await verifyAuditTrails(
      db,
      { ...(teamId ? { teamId } : {}), ...(reviewId ? { reviewId } : {}) },
      hmacKey ? { hmacKey } : {},
    );
    for (const result of results) console.log(verdictReport(result));
    const broken = results.filter((r) => !r.verdict.ok).length;
    console.log(`${results.length} audit trails checked, ${broken} broken`);
    const records = await db
      .collection<ChainedEvent>('audit_events')
      .find({ type: RECORD_EVENT, ...(teamId ? { teamId } : {}), ...(reviewId ? { reviewId } : {}) })
      .sort({ reviewId: 1, seq: 1 })
      .toArray();
    let mismatched = 0;
    for (const check of await verifyDecisionRecords(records)) {
      if (!check.ok) mismatched++;
      console.log(
        check.ok
          ? `ok      review ${check.reviewId} decision record (event #${check.seq}): re-rendered, SHA-256 ${check.stored} matches`
          : `BROKEN  review ${check.reviewId} decision record (event #${check.seq}): the chain holds ${check.stored}, it renders to ${check.rendered}`,
      );
    }
    console.log(`${records.length} decision records re-rendered, ${mismatched} not matching`);
    return broken + mismatched > 0 ? 1 : 0;
  },
  2,
);
