import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Tokens at rest: AES-256-GCM with a random 96-bit IV per value, stored as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). The version prefix leaves room for key rotation.
 */
export interface TokenCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /**
   * A keyed fingerprint of a token (HMAC-SHA256, hex): equal for equal tokens, where two sealed
   * copies never are (random IVs), and useless without the key — a leaked row gives no token
   * to try, nor a hash to test guesses against.
   */
  fingerprint(plain: string): string;
}

/** HKDF `info` of the fingerprint key: the one secret serves two uses, each with a key of its own (RFC 5869 §3.2). */
const FINGERPRINT_KEY_INFO = 'sluice grant fingerprint v1';

export function createTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new RangeError('TOKEN_ENCRYPTION_KEY must be 32 bytes');
  const fingerprintKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), FINGERPRINT_KEY_INFO, 32));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed token');
      // authTagLength pins the full 16-byte tag: GCM would otherwise accept a truncated one.
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    fingerprint(plain) {
      return createHmac('sha256', fingerprintKey).update(plain, 'utf8').digest('hex');
    },
  };
}
