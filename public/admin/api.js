// @ts-check
// The admin API from the page: the token lives in sessionStorage only (never a URL or a cookie)
// and goes out as a bearer; every refusal becomes an ApiError carrying the API's own words.

const TOKEN_KEY = 'sluice.admin-token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (/** @type {string} */ value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** @typedef {{ path: string, message: string }} Issue */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {Issue[]} issues
   * @param {number | undefined} jobId  a 409 job_active names the job that holds the scope
   */
  constructor(status, code, message, issues, jobId) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.jobId = jobId;
  }
}

/** Called on any 401: the page goes back to its token prompt. */
let onUnauthorized = () => {};
export function whenUnauthorized(/** @type {() => void} */ handler) {
  onUnauthorized = handler;
}

/**
 * One admin API call; answers the parsed JSON body, throws ApiError for a refusal and for a
 * network failure (status 0).
 * @param {'GET' | 'POST' | 'PUT' | 'DELETE'} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function api(method, path, body) {
  const sent = token.get() ?? '';
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${sent}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (error) {
    throw new ApiError(0, 'network', `the server did not answer (${/** @type {Error} */ (error).message}); is it running?`, [], undefined);
  }
  /** @type {any} */
  let data = null;
  try {
    data = await response.json();
  } catch {
    // A body that is not JSON (a proxy's error page): the status says enough.
  }
  if (response.ok) return data;
  const error = data?.error ?? {};
  // Only if the refused token is still the one kept: a late answer to a request sent with an
  // old token must not clear one entered since.
  if (response.status === 401 && token.get() === sent) {
    token.clear();
    onUnauthorized();
  }
  throw new ApiError(response.status, error.code ?? `http_${response.status}`, error.message ?? `${response.status} ${response.statusText}`, error.issues ?? [], error.job_id);
}

/** An error as one line for the page. */
export function describeError(/** @type {unknown} */ error) {
  if (error instanceof ApiError) {
    const issues = error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return issues && !error.message.includes(issues) ? `${error.message} (${issues})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
