import type { JobRequest } from '../../lib/jobs/jobs.service.js';
import type { JobRequestBody } from './admin-schemas.js';

/** The validated create/preview body as the jobs service takes it. */
export function toJobRequest(body: JobRequestBody): JobRequest {
  return {
    type: body.type,
    platform: body.platform,
    tenantId: body.tenant_id,
    ...(body.connection_id === undefined ? {} : { connectionId: body.connection_id }),
    ...(body.account_id === undefined ? {} : { accountId: body.account_id }),
    params: {
      ...(body.days === undefined ? {} : { days: body.days }),
      ...(body.start_date === undefined ? {} : { startDate: body.start_date }),
      ...(body.end_date === undefined ? {} : { endDate: body.end_date }),
      ...(body.entities === undefined ? {} : { entities: body.entities }),
      force: body.force ?? false,
    },
  };
}
