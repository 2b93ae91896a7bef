import type { Collection, Db, Document } from 'mongodb';
import { toObjectId } from '../../db/to-entity.js';
import { type ChainHead, isWorkspaceChain } from './audit.domain.js';

/**
 * Where each chain's head lives: a review's on its review document, a workspace's on its workspace
 * settings document (`auditHead`). The collections are named here rather than imported so the audit
 * trail does not depend on those features' models; both documents exist before their first event.
 */
export class AuditHeadStore {
  constructor(private readonly db: () => Pick<Db, 'collection'>) {}

  private target(chainId: string, teamId: string): { collection: Collection<Document>; filter: Document } {
    if (isWorkspaceChain(chainId))
      return { collection: this.db().collection('workspace_settings'), filter: { teamId } };
    return { collection: this.db().collection('reviews'), filter: { _id: toObjectId(chainId) ?? chainId, teamId } };
  }

  /**
   * Moves the head forward to `head` (never back: appends finish out of order). A missing head is
   * created only by the chain's first event: were a later append allowed to create it, removing the
   * head and deleting the tail would go unnoticed once the next event was appended.
   */
  async advance(chainId: string, teamId: string, head: ChainHead): Promise<void> {
    const { collection, filter } = this.target(chainId, teamId);
    const behind = [
      { 'auditHead.seq': { $lt: head.seq } },
      ...(head.seq === 1 ? [{ auditHead: { $exists: false } }] : []),
    ];
    // Field by field, so a head's legacyThrough (migration 3) stays as the head moves on.
    const { hmac, ...position } = head;
    await collection.updateOne(
      { ...filter, $or: behind },
      {
        $set: {
          'auditHead.seq': position.seq,
          'auditHead.hash': position.hash,
          ...(hmac ? { 'auditHead.hmac': hmac } : {}),
        },
        ...(hmac ? {} : { $unset: { 'auditHead.hmac': 1 } }),
      },
    );
  }

  /**
   * Before a chain's first event: records the empty head (seq 0) unless a head exists. The first
   * append's head write can then fail like any other (the trail continues past the head, and the next
   * append moves it), while a chain with no head at all still means the head was removed.
   */
  async begin(chainId: string, teamId: string, head: ChainHead): Promise<void> {
    const { collection, filter } = this.target(chainId, teamId);
    await collection.updateOne({ ...filter, auditHead: { $exists: false } }, { $set: { auditHead: head } });
  }

  async get(chainId: string, teamId: string): Promise<ChainHead | null> {
    const { collection, filter } = this.target(chainId, teamId);
    const doc = await collection.findOne(filter, { projection: { auditHead: 1 } });
    return (doc?.auditHead as ChainHead | undefined) ?? null;
  }
}
