/**
 * Every simulator's only HTTP plumbing: read a request body and what it carries (a Bearer token,
 * form or JSON parameters), write a response. Handlers return `SimResponse` values instead of
 * touching `res`, so they stay pure and testable without a socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SimResponse {
  status: number;
  /** Strings are sent as they are (set content-type in headers); anything else as JSON. */
  body: unknown;
  headers?: Record<string, string>;
}

/** Far above any form or JSON a client sends a simulator; a runaway client fails instead of filling memory. */
const MAX_BODY_BYTES = 1 << 20;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * JSON goes out indented two spaces with `charset=UTF-8`, byte for byte as the YouTube simulator has
 * always sent it (Google's own habit); JSON clients of any vendor parse it the same.
 */
export function writeResponse(res: ServerResponse, response: SimResponse): void {
  if (res.destroyed || res.writableEnded) return; // the client gave up (e.g. during an injected hang)
  const isText = typeof response.body === 'string';
  const payload = isText ? (response.body as string) : JSON.stringify(response.body, null, 2);
  res.writeHead(response.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=UTF-8',
    ...response.headers,
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), else null. */
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
