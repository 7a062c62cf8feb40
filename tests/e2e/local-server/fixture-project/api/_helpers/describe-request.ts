/** Helper module (a `_` folder): must never be served as a function. */
export async function describeRequest(request: Request) {
  const url = new URL(request.url);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  return {
    method: request.method,
    url: request.url,
    query,
    cookie: request.headers.get('cookie'),
    content_type: request.headers.get('content-type'),
    body: { bytes: bytes.length, text: new TextDecoder().decode(bytes) },
    is_request: request instanceof Request,
  };
}

export default {
  fetch(): never {
    throw new Error('a helper was served as a function');
  },
};
