import { cancelJob, showJob } from '../../../../lib/jobs/jobs.service.js';
import { jobIdQuery } from '../../../_lib/admin-schemas.js';
import { endpoint } from '../../../_lib/http.js';

/** GET the job (status, progress, per-scope detail, errors, ETA); DELETE cancels it. */
export default endpoint({ methods: ['GET', 'DELETE'], auth: 'admin', query: jobIdQuery }, async ({ query, request }, runtime) =>
  request.method === 'DELETE' ? cancelJob(runtime, query.jobId) : showJob(runtime, query.jobId),
);
