/** What a request carries that every vendor reads the same way: a Bearer token, a form or JSON body. */

/** The token of an `Authorization: Bearer …` header (RFC 6750 §2.1), else null. */
export function bearerToken(authorization: string | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? null;
}

/**
 * A body's parameters, from a form or a JSON object (some vendors, Printify among them, take
 * either): JSON when the content type says so or the body looks like an object. Scalars become
 * strings and nulls are left out; malformed JSON has no parameters, so the vendor's own
 * "missing parameter" answer follows.
 */
export function bodyParams(body: string, contentType: string | undefined): URLSearchParams {
  const isJson = /\bjson\b/i.test(contentType ?? '') || body.trimStart().startsWith('{');
  if (!isJson) return new URLSearchParams(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return new URLSearchParams();
  }
  const params = new URLSearchParams();
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return params;
  for (const [name, value] of Object.entries(parsed)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) params.set(name, String(value));
  }
  return params;
}
