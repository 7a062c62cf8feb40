import { createJob } from '../../../lib/jobs/jobs.service.js';
import { jobRequestBody } from '../../_lib/admin-schemas.js';
import { toJobRequest } from '../../_lib/job-request.js';
import { created, endpoint } from '../../_lib/http.js';

/** POST a job request → 201 with the job, or 409 `job_active` naming the scope's live job. */
export default endpoint({ methods: ['POST'], auth: 'admin', body: jobRequestBody }, async ({ body }, runtime) => created(await createJob(runtime, toJobRequest(body))));
