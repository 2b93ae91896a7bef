import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Bot tokens at rest: AES-256-GCM with a random 96-bit IV per token. The stored text names the key it
 * was sealed with (a fingerprint, never the key), so after a rotation tokens sealed with a previous key
 * still open, and are re-sealed with the current one.
 *
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export class TokenCipher {
  private readonly keys: { id: string; key: Buffer }[];

  /** `current` seals; `previous` keys only open. Each is 32 random bytes in base64. */
  constructor(current: string, previous: string[] = []) {
    this.keys = [current, ...previous].map((text, index) => {
      const key = Buffer.from(text, 'base64');
      if (key.length !== 32) throw new Error(`token encryption key #${index + 1} is not 32 bytes of base64`);
      return { id: keyId(key), key };
    });
  }

  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  seal(plain: string): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`pilotgate.token.${id}`));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', id, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : b64(p))).join('.');
  }

  /** Opens a sealed token; throws when no configured key sealed it or it was tampered with. */
  open(sealed: string): { plain: string; keyId: string } {
    const [version, id, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !id || !iv || !tag || body === undefined) throw new Error('not a sealed token');
    const entry = this.keys.find((k) => k.id === id);
    if (!entry) {
      throw new Error(`token was sealed with key ${id}, which is neither TOKEN_ENCRYPTION_KEY nor a previous key`);
    }
    const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`pilotgate.token.${id}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    return { plain, keyId: id };
  }

  isCurrent(sealed: string): boolean {
    return sealed.split('.')[1] === this.currentKeyId;
  }
}

const b64 = (b: Buffer) => b.toString('base64url');

/** A short public fingerprint of a key, stored beside each token to pick the key that opens it. */
function keyId(key: Buffer): string {
  return createHash('sha256').update('pilotgate-key-id').update(key).digest('hex').slice(0, 12);
}
