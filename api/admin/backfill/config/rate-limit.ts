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

/** GET the per-budget limits and usage; PUT changes the fields given (null: back to the default) and answers the whole config. */
export default endpoint({ methods: ['GET', 'PUT'], auth: 'admin', body }, async ({ body, request }, runtime) => {
  if (request.method === 'GET') return getRateLimitConfig(runtime);
  if (body.platforms === undefined) throw new ValidationError('invalid body: platforms: required: the budgets to change, e.g. {"platforms": {"youtube": {"requests_per_second": 5}}}', [{ path: 'platforms', message: 'required' }]);
  return updateRateLimitConfig(runtime, body.platforms);
});
