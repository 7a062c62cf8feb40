/** A JSON call to a Sluice endpoint, for the demo and the end-to-end tests. */
export interface ApiCall {
  method?: 'GET' | 'POST';
  /** Sent as `Authorization: Bearer …`. */
  bearer?: string;
  /** Serialized as JSON with `content-type: application/json`. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiAnswer {
  status: number;
  /** Parsed JSON, or the raw text when the answer was not JSON. */
  body: unknown;
}

export async function callApi(baseUrl: string, path: string, call: ApiCall = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.bearer !== undefined) headers['authorization'] = `Bearer ${call.bearer}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, baseUrl), {
    method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(call.signal ? { signal: call.signal } : {}),
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
  });
  return { status: response.status, body: parseJsonOrText(await response.text()) };
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
