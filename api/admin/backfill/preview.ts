import { previewJob } from '../../../lib/jobs/jobs.service.js';
import { jobRequestBody } from '../../_lib/admin-schemas.js';
import { toJobRequest } from '../../_lib/job-request.js';
import { endpoint } from '../../_lib/http.js';

/** POST a job request → its plan and cost (tasks, skipped, API calls, quota units, duration, days). Writes nothing. */
export default endpoint({ methods: ['POST'], auth: 'admin', body: jobRequestBody }, async ({ body }, runtime) => previewJob(runtime, toJobRequest(body)));
