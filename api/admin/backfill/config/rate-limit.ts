import { getRateLimitConfig, updateRateLimitConfig } from '../../../../lib/budgets/rate-limit-config.service.js';
import { rateLimitPutBody } from '../../../_lib/admin-schemas.js';
import { ValidationError } from '../../../../lib/errors.js';
import { endpoint } from '../../../_lib/http.js';
import { noInput } from '../../../_lib/input-schemas.js';

/** GET the per-budget limits and usage; PUT changes the fields given (null: back to the default) and answers the whole config. */
export default endpoint({ methods: ['GET', 'PUT'], auth: 'admin', body: rateLimitPutBody.or(noInput) }, async ({ body, request }, runtime) => {
  if (request.method === 'GET') return getRateLimitConfig(runtime);
  if (!('platforms' in body)) throw new ValidationError('invalid body: platforms: required: the budgets to change, e.g. {"platforms": {"youtube": {"requests_per_second": 5}}}', [{ path: 'platforms', message: 'required' }]);
  return updateRateLimitConfig(runtime, body.platforms);
});
