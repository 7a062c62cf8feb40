/**
 * The parts of a token endpoint that RFC 6749 fixes for every vendor: how a client presents its
 * credentials (§2.3.1) and the error body (§5.2). Grant handling, error descriptions and headers
 * are the vendor's, in its simulator.
 */
import type { SimResponse } from './http-io.js';

/** Client credentials from the form (client_secret_post) or an HTTP Basic header (client_secret_basic), RFC 6749 §2.3.1. */
export function clientCredentials(form: URLSearchParams, authorization: string | undefined): { id: string | null; secret: string | null } {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (basic) {
    const [id = '', secret = ''] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
  }
  return { id: form.get('client_id'), secret: form.get('client_secret') };
}

/** RFC 6749 §5.2 `{ error, error_description }`; `headers` carry the vendor's own (e.g. its cache-control). */
export function oauthErrorResponse(status: number, error: string, description: string, headers: Record<string, string> = {}): SimResponse {
  return { status, body: { error, error_description: description }, headers };
}
