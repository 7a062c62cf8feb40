import { describe, expect, it } from '@jest/globals';
import { isCodeVerifier, isS256Challenge, s256Challenge, verifierMatchesChallenge } from '../../../../dev/simulators/_shared/pkce.js';

// RFC 7636 Appendix B: the worked S256 example.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256', () => {
  it('computes the RFC 7636 Appendix B challenge', () => {
    expect(s256Challenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
    expect(isS256Challenge(RFC_CHALLENGE)).toBe(true);
  });

  it('matches a verifier only against its own challenge', () => {
    expect(verifierMatchesChallenge(RFC_VERIFIER, RFC_CHALLENGE)).toBe(true);
    expect(verifierMatchesChallenge(`${RFC_VERIFIER.slice(0, -1)}Y`, RFC_CHALLENGE)).toBe(false);
    expect(verifierMatchesChallenge(RFC_CHALLENGE, RFC_CHALLENGE)).toBe(false); // plain is not S256
  });

  it('accepts verifiers of 43–128 unreserved characters only', () => {
    expect(isCodeVerifier('a'.repeat(43))).toBe(true);
    expect(isCodeVerifier('a'.repeat(128))).toBe(true);
    expect(isCodeVerifier('a'.repeat(42))).toBe(false);
    expect(isCodeVerifier('a'.repeat(129))).toBe(false);
    expect(isCodeVerifier(`${'a'.repeat(42)}+`)).toBe(false);
    expect(isCodeVerifier(`${'a'.repeat(40)}-._~`)).toBe(true);
  });

  it('takes a challenge only as 43 base64url characters', () => {
    expect(isS256Challenge(RFC_CHALLENGE.slice(1))).toBe(false);
    expect(isS256Challenge(`${RFC_CHALLENGE.slice(1)}=`)).toBe(false);
    expect(isS256Challenge('')).toBe(false);
  });
});
