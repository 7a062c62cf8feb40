import { getRateLimitConfig, updateRateLimitConfig } from '../../../../lib/budgets/rate-limit-config.service.js';
import { rateLimitPutBody } from '../../../_lib/admin-schemas.js';
import { ValidationError } from '../../../../lib/errors.js';
import { endpoint } from '../../../_lib/http.js';

/**
 * One body schema serves both methods: `platforms` is optional here and required of a PUT below.
 * Not a union with the empty body: a union's refusal is a bare "Invalid input", where a bad
 * field of a PUT must be named (DESIGN.md "Jobs").
 */
const body = rateLimitPutBody.partial();

/**
 * Whether a GET came with a body. A Web `Request` cannot carry one on GET, so the body a client
 * sent (curl -X GET -d …) is dropped before the edge reads it and arrives as `{}`; its headers
 * still say it was sent.
 */
function sentBody(request: Request, parsed: object): boolean {
  const length = Number(request.headers.get('content-length') ?? 0);
  return length > 0 || request.headers.has('transfer-encoding') || Object.keys(parsed).length > 0;
}

/** GET the per-budget limits and usage; PUT changes the fields given (null: back to the default) and answers the whole config. */
export default endpoint({ methods: ['GET', 'PUT'], auth: 'admin', body }, async ({ body, request }, runtime) => {
  if (request.method === 'GET') {
    // Refused, not ignored: a caller sending changes with GET must learn nothing changed.
    if (sentBody(request, body)) throw new ValidationError('invalid body: a GET takes no body; change limits with PUT', [{ path: 'body', message: 'a GET takes no body: change limits with PUT' }]);
    return getRateLimitConfig(runtime);
  }
  if (body.platforms === undefined) throw new ValidationError('invalid body: platforms: required: the budgets to change, e.g. {"platforms": {"youtube": {"requests_per_second": 5}}}', [{ path: 'platforms', message: 'required' }]);
  return updateRateLimitConfig(runtime, body.platforms);
});
