import type { Job } from '../../../cli/admin-schemas.js';

/** A job as the admin API answers it (the brief's Job shape), with overrides. */
export function jobJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 12,
    type: 'data-collection',
    status: 'running',
    reason: null,
    tenant_id: 'acme',
    platform: 'youtube',
    connection_id: 3,
    account_id: 'UC123',
    scope: 'acme:youtube:UC123:data-collection',
    config: { days: 28 },
    progress: { done: 12, total: 53, percent: 22.6, steps_done: 40 },
    message: 'Fetching daily metrics… 12/53 chunks',
    checkpoint: null,
    errors: [],
    scopes: [],
    created_at: '2026-05-01T10:00:00.000Z',
    updated_at: '2026-05-01T10:03:00.000Z',
    started_at: '2026-05-01T10:00:05.000Z',
    finished_at: null,
    eta: '2026-05-01T10:06:20.000Z',
    duration_seconds: null,
    outcome: null,
    error_summary: null,
    ...overrides,
  };
}

export function job(overrides: Record<string, unknown> = {}): Job {
  return jobJson(overrides) as unknown as Job;
}

export const NOW = new Date('2026-05-01T10:03:00.000Z');

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

/**
 * A `fetch` answering from a handler: `(method, path, body)` → `[status, json]`, or a string
 * for a non-JSON body, or an Error to throw as fetch does on a refused connection.
 */
export function fakeFetch(handler: (request: RecordedRequest) => [number, unknown] | Error): typeof fetch & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fn = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      authorization: headers.get('authorization'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const answer = handler(request);
    if (answer instanceof Error) throw answer;
    const [status, body] = answer;
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return Object.assign(fn as typeof fetch, { requests });
}

/** What Node's fetch throws when nothing listens on the port. */
export function connectionRefused(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3000'), { code: 'ECONNREFUSED' }) });
}
