import type { Collection, Db, Document } from 'mongodb';
import { toObjectId } from '../../db/to-entity.js';
import { isWorkspaceChain } from './audit.domain.js';

/**
 * Migration 3. Trails written before the chain head and the HMAC existed have no head and unsigned
 * events, so they read as broken. For each such chain (no head, no signed event), its events are
 * marked `legacy` and a head is recorded at its last event with `legacyThrough`, so verification
 * accepts exactly those events unsigned (their hash chain is still checked) and every later event
 * needs its HMAC. Nothing is signed here: signing old events with the key would vouch for content
 * nobody verified. A chain with signed events but no head is left alone (its head was removed, or an
 * append stopped, and only the key holder can tell those apart). Idempotent: events first, head last.
 */
export async function markLegacyAuditTrails(db: Db): Promise<void> {
  const events = db.collection('audit_events');
  const chains = await events
    .aggregate<{ _id: { reviewId: string; teamId: string } }>([
      { $group: { _id: { reviewId: '$reviewId', teamId: '$teamId' } } },
    ])
    .toArray();
  for (const { _id: chain } of chains) {
    const { collection, filter } = headDocument(db, String(chain.reviewId), String(chain.teamId));
    const doc = await collection.findOne(filter, { projection: { auditHead: 1 } });
    if (!doc || doc.auditHead) continue;
    if ((await events.countDocuments({ reviewId: chain.reviewId, hmac: { $exists: true } })) > 0) continue;
    const last = await events.findOne(
      { reviewId: chain.reviewId },
      { sort: { seq: -1 }, projection: { seq: 1, hash: 1 } },
    );
    if (!last) continue;
    await events.updateMany({ reviewId: chain.reviewId, seq: { $lte: last.seq } }, { $set: { legacy: true } });
    await collection.updateOne(
      { ...filter, auditHead: { $exists: false } },
      { $set: { auditHead: { seq: last.seq, hash: last.hash, legacyThrough: last.seq } } },
    );
  }
}

/** Where a chain's head lives (as AuditHeadStore): the review, or the workspace settings document. */
function headDocument(db: Db, chainId: string, teamId: string): { collection: Collection<Document>; filter: Document } {
  if (isWorkspaceChain(chainId))
    return { collection: db.collection<Document>('workspace_settings'), filter: { teamId } };
  return { collection: db.collection<Document>('reviews'), filter: { _id: toObjectId(chainId) ?? chainId, teamId } };
}
