import { createHash } from 'node:crypto';

/** The record's file hash, as the audit trail stores it. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
