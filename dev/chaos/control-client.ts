/**
 * A client for a simulator's `/__control/…` routes (dev/simulators/_shared/control-routes.ts),
 * for a harness whose simulator runs as its own process: the in-process control methods over
 * HTTP. A non-2xx answer is an error naming the route and the simulator's message.
 */
export interface ControlClient {
  get<T>(route: string, query?: Record<string, string | number>): Promise<T>;
  /** `body`, when given, goes as JSON (e.g. seed-playlist, inject-faults). */
  post<T>(route: string, query?: Record<string, string | number>, body?: unknown): Promise<T>;
}

export function controlClient(baseUrl: string, timeoutMs = 10_000): ControlClient {
  const call = async <T>(method: 'GET' | 'POST', route: string, query: Record<string, string | number> = {}, body?: unknown): Promise<T> => {
    const search = new URLSearchParams(Object.entries(query).map(([name, value]): [string, string] => [name, String(value)]));
    const response = await fetch(`${baseUrl}/__control/${route}${search.size > 0 ? `?${search}` : ''}`, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`simulator control ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return { get: (route, query) => call('GET', route, query), post: (route, query, body) => call('POST', route, query, body) };
}
