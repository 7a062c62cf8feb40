/**
 * The Data API's `part` parameter (every list and write method requires it), e.g.
 * https://developers.google.com/youtube/v3/docs/playlists/list#part
 * The client libraries send an array either comma-joined or as repeated parameters.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { googleError, requiredParameter } from './google-errors.js';

export type PartsResult = { ok: true; parts: string[] } | { ok: false; response: SimResponse };

export function parseParts(params: URLSearchParams, known: readonly string[]): PartsResult {
  const parts = params.getAll('part').flatMap((value) => value.split(',')).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return { ok: false, response: requiredParameter('Required parameter: part', 'part') };
  const unknown = parts.find((part) => !known.includes(part));
  if (unknown === undefined) return { ok: true, parts };
  const item = { domain: 'youtube.part', reason: 'unknownPart', location: 'part', locationType: 'parameter' };
  return { ok: false, response: googleError(400, `'${unknown}'`, item) };
}

/** `sections` kept for the requested parts only; `kind`, `etag` and `id` always come. */
export function withParts(base: { kind: string; etag: string; id: string }, parts: readonly string[], sections: Record<string, unknown>): Record<string, unknown> {
  return { ...base, ...Object.fromEntries(Object.entries(sections).filter(([part]) => parts.includes(part))) };
}
