import { describe, expect, it } from '@jest/globals';
import { bearerToken, generateSecret, secretsEqual } from '../../../lib/shared/secrets.js';

describe('secrets', () => {
  it('compares equal and unequal secrets of any length', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'abc')).toBe(false);
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer t0k3n')).toBe('t0k3n');
    expect(bearerToken('bearer  t0k3n ')).toBe('t0k3n');
    expect(bearerToken('Basic dXNlcg==')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('generates distinct url-safe secrets', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(generateSecret()).not.toBe(a);
  });
});
