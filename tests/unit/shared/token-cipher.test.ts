import { describe, expect, it } from '@jest/globals';
import { createHash, createHmac } from 'node:crypto';
import { createTokenCipher } from '../../../lib/shared/token-cipher.js';

describe('token cipher (AES-256-GCM)', () => {
  const cipher = createTokenCipher(Buffer.alloc(32, 9));

  it('round-trips and never stores the plain text', () => {
    const sealed = cipher.encrypt('ya29.secret-access-token');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('secret');
    expect(cipher.decrypt(sealed)).toBe('ya29.secret-access-token');
  });

  it('uses a fresh IV per value', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('rejects tampering and the wrong key', () => {
    const sealed = cipher.encrypt('token');
    const parts = sealed.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('tokeX').toString('base64url')].join('.');
    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => createTokenCipher(Buffer.alloc(32, 1)).decrypt(sealed)).toThrow();
    expect(() => cipher.decrypt('plain')).toThrow('not a sealed token');
  });

  it('fingerprints a token with a key of its own: equal tokens alike, never the token, its plain hash or an HMAC under the encryption key itself', () => {
    const token = 'pat.personal-access-token';
    const print = cipher.fingerprint(token);
    expect(print).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.fingerprint(token)).toBe(print);
    expect(cipher.fingerprint(`${token}x`)).not.toBe(print);
    expect(createTokenCipher(Buffer.alloc(32, 1)).fingerprint(token)).not.toBe(print);
    expect(print).not.toBe(createHash('sha256').update(token).digest('hex'));
    expect(print).not.toBe(createHmac('sha256', Buffer.alloc(32, 9)).update(token).digest('hex'));
  });

  it('needs a 32-byte key', () => {
    expect(() => createTokenCipher(Buffer.alloc(16))).toThrow(RangeError);
  });
});
