/**
 * Proof Key for Code Exchange (RFC 7636), the part an authorization server checks: the challenge a
 * consent request carries, and the verifier the token request must match it with. Only S256:
 * vendors that make PKCE mandatory (Etsy) refuse `plain`.
 */
import { createHash } from 'node:crypto';

/** §4.1: 43–128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
export function isCodeVerifier(value: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(value);
}

/** §4.2: an S256 challenge is BASE64URL(SHA256(verifier)) without padding, so 43 characters. */
export function isS256Challenge(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** §4.2 code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier))). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** §4.6: the server recomputes the challenge from the verifier and compares. */
export function verifierMatchesChallenge(verifier: string, challenge: string): boolean {
  return isCodeVerifier(verifier) && s256Challenge(verifier) === challenge;
}
