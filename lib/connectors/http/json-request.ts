import { classifyHttpFailure, type HttpFailure } from './classify-http-failure.js';

/** One JSON HTTP call of a REST connector (Etsy, Printify): the request as the vendor's client builds it. */
export interface JsonRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** A JSON body, or a form (URLSearchParams: OAuth token endpoints). */
  body?: unknown;
  /** The call gives up (a RetryableError) after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * How a vendor reads its own failures before the shared status ladder: returns the typed error
 * (a quota reason, a revoked grant, a missing scope), or undefined to let classifyHttpFailure
 * decide. `message` is the vendor's error text from its body, already extracted.
 */
export type VendorFailureReader = (failure: HttpFailure & { body: unknown }, now: Date) => Error | undefined;

export interface JsonClientOptions {
  fetch?: typeof fetch;
  now: () => Date;
  /** Extracts the vendor's error text from an error body (e.g. Etsy's `{error}`). */
  errorText(body: unknown): string | undefined;
  readFailure?: VendorFailureReader;
}

/**
 * The one place a REST connector touches the network: sends the request with a timeout, parses
 * the JSON answer, and turns a failure into the queue's typed errors (the vendor's reading
 * first, then classifyHttpFailure's status ladder) naming the vendor's message. A 2xx answers
 * its parsed body and headers (rate headers are the caller's to read).
 */
export async function requestJson(request: JsonRequest, options: JsonClientOptions): Promise<JsonResponse> {
  const doFetch = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | URLSearchParams | undefined;
  if (request.body instanceof URLSearchParams) body = request.body;
  else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  let text: string;
  try {
    response = await doFetch(request.url, { method: request.method ?? 'GET', headers, ...(body === undefined ? {} : { body }), signal });
    text = await response.text();
  } catch (cause) {
    // The caller's own abort (a lost lease) is not the vendor's failure: let it through as is.
    if (request.signal?.aborted) throw request.signal.reason ?? cause;
    const reason = timeout.aborted ? `timed out after ${request.timeoutMs} ms` : describeCause(cause);
    throw classifyHttpFailure({ status: undefined, retryAfter: null, description: `${request.method ?? 'GET'} ${pathOf(request.url)}: ${reason}` }, options.now());
  }
  const parsed = parseJson(text);
  if (response.ok) return { status: response.status, headers: response.headers, body: parsed };
  const vendorText = options.errorText(parsed) ?? text.slice(0, 300);
  const failure = { status: response.status, retryAfter: response.headers.get('retry-after'), description: `${response.status} from ${pathOf(request.url)}: ${vendorText}`, body: parsed };
  throw options.readFailure?.(failure, options.now()) ?? classifyHttpFailure(failure, options.now());
}

/** A body as JSON when it is JSON; its text otherwise (a vendor's HTML error page); null when empty. */
export function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Paths only in messages: query strings may carry keys or tokens (a signed URL's query is its credential). */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(bad url)';
  }
}

/** A network failure in a word: its code (ECONNRESET…) or message. */
export function describeCause(cause: unknown): string {
  const error = cause as { cause?: { code?: string }; message?: string };
  return error?.cause?.code ?? error.message ?? String(cause);
}
