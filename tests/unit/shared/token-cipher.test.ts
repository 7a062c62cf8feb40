import { describe, expect, it } from '@jest/globals';
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

  it('needs a 32-byte key', () => {
    expect(() => createTokenCipher(Buffer.alloc(16))).toThrow(RangeError);
  });
});
